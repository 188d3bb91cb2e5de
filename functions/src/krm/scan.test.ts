import { inlineValue, NotBlockStyle, ScanError, scanItems, scanTopLevel, topLevelKey, type ScannedItems, type ScannedList, type TopEntry } from './scan';

/** Everything the scanner returns, put back together: must be the input, byte for byte. */
function joinList(s: ScannedList): string {
  return s.leading + s.entries.map((e) => e.text).join('') + s.trailing;
}

function joinItems(s: ScannedItems): string {
  return s.head + s.chunks.map((c) => c.text).join('');
}

function itemsEntry(text: string): TopEntry {
  const entry = scanTopLevel(text).entries.find((e) => e.key === 'items');
  if (!entry) throw new Error('test input has no items');
  return entry;
}

/** The error thrown by fn, so that its class and line can be checked. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

function scanErrorLine(fn: () => unknown): number {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(ScanError);
  return (e as ScanError).line;
}

describe('topLevelKey', () => {
  test.each([
    ['apiVersion: config.kubernetes.io/v1\n', 'apiVersion'],
    ['items:\n', 'items'],
    ['items: []\r\n', 'items'],
    ['kind : ResourceList\n', 'kind'],
    ['"items": []\n', 'items'],
    ['"it\\"ems": 1\n', 'it\\"ems'],
    ["'kind': ResourceList\n", 'kind'],
    ["'it''s': 1\n", "it's"],
    ['functionConfig: # the config\n', 'functionConfig'],
    ['url: http://example.com\n', 'url'],
  ])('%j -> %j', (line, key) => {
    expect(topLevelKey(line)).toBe(key);
  });

  test.each([
    ['# apiVersion: v1\n'],
    ['- apiVersion: v1\n'],
    ['  apiVersion: v1\n'],
    ['just a scalar\n'],
    ['a:b\n'],
    ['---\n'],
    ['...\n'],
    ['{a: 1}\n'],
    ['? complex\n'],
    ['&anchor key: 1\n'],
    ['\n'],
  ])('%j is not a key line', (line) => {
    expect(topLevelKey(line)).toBeUndefined();
  });
});

describe('inlineValue', () => {
  test.each([
    ['items: []\n', '[]'],
    ['items: [] # none yet\n', '[]'],
    ['items:\n', ''],
    ['items:   # comment only\n', ''],
    ['kind: "ResourceList" # quoted\r\n', '"ResourceList"'],
    ["apiVersion: 'config.kubernetes.io/v1'\n", "'config.kubernetes.io/v1'"],
    ['name: a#b\n', 'a#b'],
  ])('%j -> %j', (line, value) => {
    expect(inlineValue(line)).toBe(value);
  });
});

describe('scanTopLevel', () => {
  test('splits a plain ResourceList into its entries, with 1-based key line numbers', () => {
    const text = [
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      'functionConfig:',
      '  kind: PrefillOverlay',
      '',
    ].join('\n');
    const s = scanTopLevel(text);
    expect(s.leading).toBe('');
    expect(s.trailing).toBe('');
    expect(s.entries).toEqual([
      { key: 'apiVersion', text: 'apiVersion: config.kubernetes.io/v1\n', line: 1 },
      { key: 'kind', text: 'kind: ResourceList\n', line: 2 },
      { key: 'items', text: 'items:\n- apiVersion: v1\n  kind: ConfigMap\n', line: 3 },
      { key: 'functionConfig', text: 'functionConfig:\n  kind: PrefillOverlay\n', line: 6 },
    ]);
  });

  test('a leading document marker, directive and comments go to `leading`', () => {
    const text = '%YAML 1.2\n# produced by kpt\n\n--- # start\napiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
    const s = scanTopLevel(text);
    expect(s.leading).toBe('%YAML 1.2\n# produced by kpt\n\n--- # start\n');
    expect(s.entries.map((e) => [e.key, e.line])).toEqual([
      ['apiVersion', 5],
      ['kind', 6],
      ['items', 7],
    ]);
    expect(joinList(s)).toBe(text);
  });

  test('comment lines between entries, at column 0 or indented, stay with the entry above', () => {
    const text = 'kind: ResourceList\n# about items\nitems:\n- a: 1\n# between\n  # indented\nfunctionConfig: {}\n# the end\n';
    const s = scanTopLevel(text);
    expect(s.entries.map((e) => e.text)).toEqual(['kind: ResourceList\n# about items\n', 'items:\n- a: 1\n# between\n  # indented\n', 'functionConfig: {}\n# the end\n']);
  });

  test('quoted keys are read as their value', () => {
    const text = `"apiVersion": config.kubernetes.io/v1\n'kind': ResourceList\n"items": []\n`;
    const s = scanTopLevel(text);
    expect(s.entries.map((e) => e.key)).toEqual(['apiVersion', 'kind', 'items']);
    expect(joinList(s)).toBe(text);
  });

  test('a document end marker and what follows it (comments) go to `trailing`', () => {
    const text = 'kind: ResourceList\nitems: []\n...\n# after the end\n';
    const s = scanTopLevel(text);
    expect(s.entries.map((e) => e.text)).toEqual(['kind: ResourceList\n', 'items: []\n']);
    expect(s.trailing).toBe('...\n# after the end\n');
  });

  test('CRLF line endings are kept in every piece', () => {
    const text = '---\r\napiVersion: config.kubernetes.io/v1\r\nkind: ResourceList\r\nitems:\r\n- a: 1\r\n\r\n- b: 2\r\n...\r\n';
    const s = scanTopLevel(text);
    expect(s.leading).toBe('---\r\n');
    expect(s.entries.map((e) => e.key)).toEqual(['apiVersion', 'kind', 'items']);
    expect(s.entries[2].text).toBe('items:\r\n- a: 1\r\n\r\n- b: 2\r\n');
    expect(s.trailing).toBe('...\r\n');
    expect(joinList(s)).toBe(text);
  });

  test('the last line may lack a line ending', () => {
    const text = 'kind: ResourceList\nitems: []';
    const s = scanTopLevel(text);
    expect(s.entries[1]).toEqual({ key: 'items', text: 'items: []', line: 2 });
  });

  test('a line that is only whitespace (a tab) inside an entry is a blank line', () => {
    // Valid YAML: `yaml` and go-yaml read this as two items.
    const text = 'kind: ResourceList\nitems:\n- a: 1\n\t\n- b: 2\n';
    const s = scanTopLevel(text);
    expect(s.entries[1].text).toBe('items:\n- a: 1\n\t\n- b: 2\n');
  });

  test('a second document after `---` is an error at the marker line', () => {
    expect(scanErrorLine(() => scanTopLevel('kind: ResourceList\nitems: []\n---\nkind: ResourceList\n'))).toBe(3);
  });

  test('a second document after `...` is an error too, not trailing text', () => {
    const e = thrown(() => scanTopLevel('kind: ResourceList\nitems: []\n...\n---\napiVersion: v1\nkind: ConfigMap\n'));
    expect(e).toBeInstanceOf(ScanError);
    expect((e as ScanError).message).toMatch(/more than one YAML document/);
    expect((e as ScanError).line).toBe(4);
  });

  test('a duplicate top-level key is an error at its second occurrence', () => {
    const e = thrown(() => scanTopLevel('kind: ResourceList\nitems:\n- a: 1\nitems: []\n'));
    expect(e).toBeInstanceOf(ScanError);
    expect((e as ScanError).message).toMatch(/items/);
    expect((e as ScanError).line).toBe(4);
  });

  test('a column-0 line that is not a key is an error with its line number', () => {
    expect(scanErrorLine(() => scanTopLevel('kind: ResourceList\nitems:\n- a: 1\nnot a key\n'))).toBe(4);
  });

  test('content before the mapping that is neither a marker nor a comment is an error', () => {
    expect(scanErrorLine(() => scanTopLevel('# c\n  apiVersion: v1\n'))).toBe(2);
    expect(scanErrorLine(() => scanTopLevel('just text\nkind: ResourceList\n'))).toBe(1);
  });

  test.each([
    ['{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": []}\n'],
    ['# flow\n{apiVersion: config.kubernetes.io/v1, kind: ResourceList}\n'],
    ['--- {apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: []}\n'],
    ['[1, 2]\n'],
  ])('flow style %j is reported as NotBlockStyle (decode normalises it)', (text) => {
    expect(thrown(() => scanTopLevel(text))).toBeInstanceOf(NotBlockStyle);
  });
});

describe('scanItems', () => {
  test('compact items (at column 0)', () => {
    const text = ['kind: ResourceList', 'items:', '- apiVersion: v1', '  kind: ConfigMap', '- apiVersion: v1', '  kind: Secret', 'functionConfig: {}', ''].join('\n');
    const s = scanItems(itemsEntry(text));
    expect(s.head).toBe('items:\n');
    expect(s.chunks).toEqual([
      { text: '- apiVersion: v1\n  kind: ConfigMap\n', indent: 0, line: 3 },
      { text: '- apiVersion: v1\n  kind: Secret\n', indent: 0, line: 5 },
    ]);
  });

  test('wide items (at column 2), with nested compact sequences', () => {
    const text = ['kind: ResourceList', 'items:', '  - apiVersion: v1', '    kind: List', '    items:', '    - a', '    - b', '  - kind: Secret', ''].join('\n');
    const s = scanItems(itemsEntry(text));
    expect(s.chunks).toEqual([
      { text: '  - apiVersion: v1\n    kind: List\n    items:\n    - a\n    - b\n', indent: 2, line: 3 },
      { text: '  - kind: Secret\n', indent: 2, line: 8 },
    ]);
  });

  test('comments before the first item are in the head; comments between items end the chunk above', () => {
    const text = 'items: # the resources\n# first comment\n\n  # head of item 0\n  - a: 1\n  # head of item 1\n# at column 0\n\n  - b: 2\n  # foot\n';
    const s = scanItems(scanTopLevel(text).entries[0]);
    expect(s.head).toBe('items: # the resources\n# first comment\n\n  # head of item 0\n');
    expect(s.chunks.map((c) => c.text)).toEqual(['  - a: 1\n  # head of item 1\n# at column 0\n\n', '  - b: 2\n  # foot\n']);
    expect(s.chunks.map((c) => c.line)).toEqual([5, 9]);
    expect(joinItems(s)).toBe(text);
  });

  test('block scalars whose lines look like items or comments stay inside their item', () => {
    const text = [
      'items:',
      '- kind: ConfigMap',
      '  data:',
      '    script: |',
      '      - foo:',
      '      # x',
      '    - not: an item',
      '    notes: >-',
      '      # still text',
      '',
      '      - still text',
      '- kind: Secret',
      '',
    ].join('\n');
    const s = scanItems(scanTopLevel(text).entries[0]);
    expect(s.chunks).toHaveLength(2);
    expect(s.chunks[0].text).toContain('      - foo:\n      # x\n    - not: an item\n');
    expect(s.chunks[0].text).toContain('      - still text\n');
    expect(s.chunks[1]).toEqual({ text: '- kind: Secret\n', indent: 0, line: 12 });
  });

  test('an item line less indented than the items (column 1 < 2) is an error with its line number', () => {
    const text = ['kind: ResourceList', 'items:', '  - kind: ConfigMap', '    data:', '      a: b', ' - kind: Secret', ''].join('\n');
    const e = thrown(() => scanItems(itemsEntry(text)));
    expect(e).toBeInstanceOf(ScanError);
    expect((e as ScanError).line).toBe(6);
    expect((e as ScanError).message).toMatch(/indentation/);
  });

  test('a key at the items column (not a `-`) is an error with its line number', () => {
    const text = 'kind: ResourceList\nitems:\n  - a: 1\n  b: 2\n';
    expect(scanErrorLine(() => scanItems(itemsEntry(text)))).toBe(4);
  });

  test('a mapping where the list should be is an error', () => {
    const text = 'kind: ResourceList\nitems:\n  a: 1\n';
    const e = thrown(() => scanItems(itemsEntry(text)));
    expect(e).toBeInstanceOf(ScanError);
    expect((e as ScanError).message).toMatch(/list/);
    expect((e as ScanError).line).toBe(3);
  });

  test.each([['items: []\n'], ['items: [] # nothing\n# more\n'], ['items: ~\n'], ['items: null\n'], ['items:\n'], ['items:\n# only a comment\n']])(
    '%j has no items',
    (text) => {
      const s = scanItems(scanTopLevel(text).entries[0]);
      expect(s.chunks).toEqual([]);
      expect(s.head).toBe(text);
    },
  );

  test('`items: []` followed by content is an error', () => {
    expect(scanErrorLine(() => scanItems(scanTopLevel('kind: ResourceList\nitems: []\n\n  # c\n  - a: 1\n').entries[1]))).toBe(5);
  });

  test.each([['items: [{a: 1}]\n'], ['items: [ ]\n'], ['items: {}\n']])('%j is not block style', (text) => {
    expect(thrown(() => scanItems(scanTopLevel(text).entries[0]))).toBeInstanceOf(NotBlockStyle);
  });

  test('a `-` alone on its line starts an item; tabs after `-` too', () => {
    const text = 'items:\n-\n  kind: A\n-\tkind: B\n- kind: C\n';
    const s = scanItems(scanTopLevel(text).entries[0]);
    expect(s.chunks.map((c) => c.text)).toEqual(['-\n  kind: A\n', '-\tkind: B\n', '- kind: C\n']);
  });

  test('`-foo` at the items column is not an item', () => {
    const text = 'items:\n  - a: 1\n  -foo: 2\n';
    expect(scanErrorLine(() => scanItems(scanTopLevel(text).entries[0]))).toBe(3);
  });

  test('CRLF items keep their line endings and line numbers', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\r\nkind: ResourceList\r\nitems:\r\n  - a: 1\r\n    b: |\r\n      x\r\n  - c: 3\r\n';
    const entry = itemsEntry(text);
    const s = scanItems(entry);
    expect(s.head).toBe('items:\r\n');
    expect(s.chunks).toEqual([
      { text: '  - a: 1\r\n    b: |\r\n      x\r\n', indent: 2, line: 4 },
      { text: '  - c: 3\r\n', indent: 2, line: 7 },
    ]);
    expect(joinItems(s)).toBe(entry.text);
  });
});
