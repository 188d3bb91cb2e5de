import { parse } from 'yaml';
import { plainScalar, scanIdentity, type Identity } from './identity';
import { itemOf } from './item';
import type { Chunk } from './scan';

/** A chunk as scanItems cuts it: `text` starts at the item's `-`, indented by `indent`. */
function chunk(lines: string[], indent = 0): Chunk {
  const pad = ' '.repeat(indent);
  return { text: lines.map((l) => (l === '' ? '\n' : `${pad}${l}\n`)).join(''), indent, line: 1 };
}

/** The identity a real YAML parser sees in the chunk, for comparison. */
function parsedIdentity(c: Chunk): Identity {
  const [item] = parse(c.text) as [Record<string, unknown>];
  const md = (item.metadata ?? {}) as Record<string, unknown>;
  const out: Identity = {};
  if (item.apiVersion !== undefined) out.apiVersion = String(item.apiVersion);
  if (item.kind !== undefined) out.kind = String(item.kind);
  if (md.name !== undefined) out.name = String(md.name);
  if (md.namespace !== undefined) out.namespace = String(md.namespace);
  return out;
}

const MANAGED: Identity = {
  apiVersion: 'serving.kserve.io/v1alpha2',
  kind: 'LLMInferenceServiceConfig',
  name: 'kserve-config-llm-prefill-template',
  namespace: 'kserve',
};

describe('scanIdentity: read from the lines', () => {
  const compact = [
    '- apiVersion: serving.kserve.io/v1alpha2',
    '  kind: LLMInferenceServiceConfig',
    '  metadata:',
    '    name: kserve-config-llm-prefill-template',
    '    namespace: kserve',
    '    labels:',
    '      name: not-the-name',
    '      namespace: not-the-namespace',
    '  spec:',
    '    kind: NotTheKind',
    '    apiVersion: not/the-version',
    '    metadata:',
    '      name: nested',
  ];

  test.each([0, 2, 4])('plain values, items at column %i', (indent) => {
    const c = chunk(compact, indent);
    expect(scanIdentity(c)).toEqual(MANAGED);
    expect(parsedIdentity(c)).toEqual(MANAGED);
  });

  test('single- and double-quoted values, trailing comments', () => {
    const c = chunk([
      "- apiVersion: 'serving.kserve.io/v1alpha2' # group/version",
      '  kind: "LLMInferenceServiceConfig"  # the kind',
      '  metadata: # identity',
      "    name: 'it''s-a-name'",
      '    namespace: kserve\t# tab before the comment',
    ]);
    const expected = { ...MANAGED, name: "it's-a-name" };
    expect(scanIdentity(c)).toEqual(expected);
    expect(parsedIdentity(c)).toEqual(expected);
  });

  test('a `#` without a space before it is part of a plain value', () => {
    const c = chunk(['- kind: A#B', '  metadata:', '    name: x#1 # comment']);
    expect(scanIdentity(c)).toEqual({ kind: 'A#B', name: 'x#1' });
    expect(parsedIdentity(c)).toEqual({ kind: 'A#B', name: 'x#1' });
  });

  test('keys in any order; comments and blank lines between them', () => {
    const c = chunk(
      ['- metadata:', '    # the name', '    name: cfg', '', '  # the kind', '  kind: ConfigMap', '  data:', '    kind: Secret', '  apiVersion: v1'],
      2,
    );
    expect(scanIdentity(c)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' });
  });

  test('no namespace: the property is absent, not empty', () => {
    const id = scanIdentity(chunk(['- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: cfg']));
    expect(id).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' });
    expect(id).not.toHaveProperty('namespace');
  });

  test('an empty quoted namespace is read as ""', () => {
    expect(scanIdentity(chunk(['- kind: A', '  metadata:', '    namespace: ""', '    name: n']))).toEqual({ kind: 'A', name: 'n', namespace: '' });
  });

  test('`-` alone on its line, then the mapping', () => {
    const c = chunk(['-', '  # comment', '  apiVersion: v1', '  kind: Secret', '  metadata:', '    name: s'], 2);
    expect(scanIdentity(c)).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 's' });
  });

  test('a comment on the `-` line', () => {
    const c = chunk(['- # the secret', '  apiVersion: v1', '  kind: Secret']);
    expect(scanIdentity(c)).toEqual({ apiVersion: 'v1', kind: 'Secret' });
  });

  test('extra spaces after `-` set the mapping column', () => {
    const c = chunk(['-   apiVersion: v1', '    kind: Secret', '    metadata:', '      name: s']);
    expect(scanIdentity(c)).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 's' });
  });

  test('block scalars and deeper lines that look like identity keys are ignored', () => {
    const c = chunk([
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  data:',
      '    script: |',
      '      kind: Evil',
      '      metadata:',
      '        name: evil',
      '  note: >-',
      '    apiVersion: evil/v1',
      '  metadata:',
      '    annotations:',
      '      name: evil',
      '    name: good',
    ]);
    expect(scanIdentity(c)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'good' });
    expect(parsedIdentity(c)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'good' });
  });

  test('CRLF line endings', () => {
    const c: Chunk = { text: '  - apiVersion: v1\r\n    kind: Secret # c\r\n    metadata:\r\n      name: s\r\n      namespace: "n"\r\n', indent: 2, line: 1 };
    expect(scanIdentity(c)).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 's', namespace: 'n' });
  });

  test('an item with none of the identity fields gives an empty identity', () => {
    expect(scanIdentity(chunk(['- data:', '    a: b']))).toEqual({});
  });
});

describe('scanIdentity: gives up (undefined) rather than guess', () => {
  test.each<[string, string[]]>([
    ['a multi-line plain name', ['- kind: Secret', '  metadata:', '    name: first', '      second']],
    ['a multi-line plain kind', ['- kind: Long', '    Kind', '  metadata:', '    name: x']],
    ['a multi-line double-quoted name', ['- kind: Secret', '  metadata:', '    name: "first', '      second"']],
    ['a multi-line single-quoted name', ['- kind: Secret', '  metadata:', "    name: 'first", "      second'"]],
    ['a double-quoted value with an escape', ['- kind: Secret', '  metadata:', '    name: "a\\u0062c"']],
    ['a flow mapping as metadata with an anchor', ['- kind: Secret', '  metadata: {name: &s s, namespace: n}']],
    ['a flow sequence as kind', ['- kind: [Secret]']],
    ['a flow mapping spread over lines', ['- kind: Secret', '  metadata: {', '    name: s }']],
    ['an anchored value', ['- kind: &k Secret', '  metadata:', '    name: s']],
    ['an alias value', ['- kind: Secret', '  metadata:', '    name: *n']],
    ['an anchored metadata', ['- kind: Secret', '  metadata: &md', '    name: s']],
    ['a tagged value', ['- kind: !!str Secret']],
    ['a local tag', ['- kind: Secret', '  metadata:', '    name: !name s']],
    ['a block scalar name', ['- kind: Secret', '  metadata:', '    name: |', '      s']],
    ['a value on the next line', ['- kind:', '    Secret']],
    ['a null namespace', ['- kind: Secret', '  metadata:', '    name: s', '    namespace: ~']],
    ['a null apiVersion', ['- apiVersion: null', '  kind: Secret']],
    ['a quoted key at the item level', ['- "kind": Secret']],
    ['a quoted key in metadata', ['- kind: Secret', '  metadata:', "    'name': s"]],
    ['an explicit key', ['- ? kind', '  : Secret']],
    ['a mapping with a sequence at the item level', ['- kind: Secret', '  - x']],
    ['a trailing text after a quoted value', ['- kind: "Sec" ret']],
  ])('%s', (_title, lines) => {
    expect(scanIdentity(chunk(lines, 2))).toBeUndefined();
  });
});

describe('itemOf: falls back to parsing when the shortcut gives up', () => {
  test.each<[string, string[], Identity]>([
    ['multi-line plain name', ['- kind: Secret', '  metadata:', '    name: first', '      second'], { kind: 'Secret', name: 'first second' }],
    ['flow metadata', ['- kind: Secret', '  metadata: {name: s, namespace: kserve}'], { kind: 'Secret', name: 's', namespace: 'kserve' }],
    ['escape', ['- kind: Secret', '  metadata:', '    name: "a\\u0062c"'], { kind: 'Secret', name: 'abc' }],
    ['anchor and alias', ['- kind: &k Secret', '  metadata:', '    name: *k'], { kind: 'Secret', name: 'Secret' }],
    ['tag', ['- kind: !!str Secret', '  apiVersion: v1'], { kind: 'Secret', apiVersion: 'v1' }],
  ])('%s', (_title, lines, expected) => {
    const c = chunk(lines, 2);
    const item = itemOf(c, 3);
    expect(item.index).toBe(3);
    expect(item.chunk).toBe(c);
    // identityOf sets every key; compare only the defined ones.
    const defined = Object.fromEntries(Object.entries(item.id).filter(([, v]) => v !== undefined));
    expect(defined).toEqual(expected);
    expect(defined).toEqual(parsedIdentity(c));
  });
});

describe('plainScalar', () => {
  test.each<[string | undefined, string | undefined]>([
    ['x', 'x'],
    ['  x  ', 'x'],
    ['x # c', 'x'],
    ['"x" # c', 'x'],
    ["'x''y'", "x'y"],
    ['""', ''],
    ['"a\\"b"', undefined],
    ['"open', undefined],
    ["'open", undefined],
    ['&a x', undefined],
    ['*a', undefined],
    ['!t x', undefined],
    ['|', undefined],
    ['>-', undefined],
    ['{a: 1}', undefined],
    ['[a]', undefined],
    ['@x', undefined],
    ['`x', undefined],
    ['%x', undefined],
    ['~', undefined],
    ['null', undefined],
    ['NULL', undefined],
    ['', undefined],
    ['# only a comment', undefined],
    [undefined, undefined],
  ])('%j -> %j', (raw, value) => {
    expect(plainScalar(raw)).toBe(value);
  });
});

describe('scanIdentity on long items', () => {
  const long = (head: string, tail: string) => {
    const spec = Array.from({ length: 200 }, (_, i) => `    k${i}: v${i}`).join('\n');
    return { text: `- ${head}\n  spec:\n${spec}\n${tail}`, indent: 0, line: 1 };
  };

  test('identity settled in the first lines', () => {
    expect(scanIdentity(long('apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    namespace: n', ''))).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'n' });
  });

  test('kind after a long spec is still found (the whole item is read)', () => {
    expect(scanIdentity(long('apiVersion: v1\n  metadata:\n    name: a', '  kind: ConfigMap\n'))).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a' });
  });

  test('metadata after a long spec is still found', () => {
    expect(scanIdentity(long('apiVersion: v1\n  kind: ConfigMap', '  metadata:\n    name: late\n'))).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'late' });
  });
});

describe('scanIdentity: one-line flow metadata and flow items (krm/flow-identity.ts)', () => {
  test('metadata: {name, namespace} is read', () => {
    expect(scanIdentity(chunk(['- kind: Secret', '  metadata: {name: s, namespace: n}'], 2))).toEqual({ kind: 'Secret', name: 's', namespace: 'n' });
  });

  test('an item that is one flow mapping is read', () => {
    expect(scanIdentity(chunk(['- {apiVersion: v1, kind: Secret, metadata: {name: s}}'], 2))).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 's' });
  });
});
