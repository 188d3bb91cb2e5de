import { parseDocument, type YAMLMap } from 'yaml';
import { reprint, snapshot, Unsupported } from './reprint';

function edit(source: string, change: (root: YAMLMap, doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(source);
  const snap = snapshot(doc);
  change(doc.contents as YAMLMap, doc);
  return reprint(source, doc, snap, { indentSeq: true });
}

describe('reprint', () => {
  const SOURCE = `a: 1 # keep me
b:
  c: "quoted" # and me
  list:
    - x
    - y # y's comment
# between
d:
  e: 1
`;

  test('nothing changed: the source comes back byte for byte', () => {
    expect(edit(SOURCE, () => undefined)).toBe(SOURCE);
  });

  test('a scalar changes in place; its comment and quoting stay', () => {
    const out = edit(SOURCE, (root) => root.setIn(['b', 'c'], 'new'));
    expect(out).toBe(SOURCE.replace('c: "quoted"', 'c: "new"'));
  });

  test('a new pair goes after the last pair of its map, at the map indentation', () => {
    const out = edit(SOURCE, (root, doc) => (root.get('d') as YAMLMap).set('f', doc.createNode({ g: 2 })));
    expect(out).toBe(SOURCE + '  f:\n    g: 2\n');
  });

  test('a new sequence item goes after the last item, after its line comment', () => {
    const out = edit(SOURCE, (root, doc) => (root.getIn(['b', 'list']) as { add(v: unknown): void }).add(doc.createNode('z')));
    expect(out).toBe(SOURCE.replace("    - y # y's comment\n", "    - y # y's comment\n    - z\n"));
  });

  test('inner and outer insertions at the same offset come out inner first', () => {
    const src = `spec:\n  pod:\n    volumes:\n      - name: a\n`;
    const out = edit(src, (root, doc) => {
      (root.getIn(['spec', 'pod']) as YAMLMap).set('nodeSelector', doc.createNode({ pool: 'x' }));
      (root.get('spec') as YAMLMap).set('replicas', 1);
    });
    expect(out).toBe(`spec:\n  pod:\n    volumes:\n      - name: a\n    nodeSelector:\n      pool: x\n  replicas: 1\n`);
    expect(parseDocument(out).toJS()).toEqual({ spec: { pod: { volumes: [{ name: 'a' }], nodeSelector: { pool: 'x' } }, replicas: 1 } });
  });

  test('a removed pair takes its lines with it', () => {
    expect(edit(SOURCE, (root) => root.delete('a'))).toBe(SOURCE.replace('a: 1 # keep me\n', ''));
  });

  test('a changed flow collection is printed again in flow style, padded as in the source', () => {
    expect(edit('m: {a: 1}\n', (root) => (root.get('m') as YAMLMap).set('b', 2))).toBe('m: {a: 1, b: 2}\n');
    expect(edit('m: [ 1 ]\n', (root) => (root.get('m') as unknown as { add(v: number): void }).add(2))).toBe('m: [ 1, 2 ]\n');
  });

  test('a one-line scalar that becomes multi-line continues at its own column', () => {
    const src = 'env:\n  - name: A\n    value: one\n';
    const out = edit(src, (root) => (root.getIn(['env', 0]) as YAMLMap).set('value', 'line one\nline two'));
    expect(parseDocument(out).toJS()).toEqual({ env: [{ name: 'A', value: 'line one\nline two' }] });
  });

  test('a pair removed and a pair inserted at the same place both take effect', () => {
    const src = 'env:\n  - name: A\n    value: x\n';
    const out = edit(src, (root, doc) => {
      const entry = root.getIn(['env', 0]) as YAMLMap;
      entry.delete('value');
      entry.set('valueFrom', doc.createNode({ fieldRef: { fieldPath: 'status.podIP' } }));
    });
    expect(parseDocument(out).toJS()).toEqual({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] });
  });

  test('strings YAML 1.1 would read as booleans come out quoted', () => {
    expect(edit('a: x\n', (root) => root.set('a', 'on'))).toBe('a: "on"\n');
  });

  test.each([
    ['clip', 'a: 1 # keep\ns: |\n    one\n\n    two $x\nb: 2\n', 'ONE\n\ntwo $$x\n'],
    ['strip', 'list:\n  - |-\n    echo ${A}\n    done\n  - "--"\n', 'echo $${A}\ndone'],
    ['keep', 's: |+\n  a\n\nb: 2\n', 'A\n\n'],
    ['folded becomes literal', 's: >\n  a\n  b\nz: 1\n', 'x y\n'],
  ])('a changed block scalar (%s) is printed again in place, the rest untouched', (_t, src, value) => {
    const out = edit(src, (root) => {
      const target = root.has('s') ? root : (root.get('list') as unknown as YAMLMap);
      target.set(root.has('s') ? 's' : (0 as unknown as string), value);
    });
    const parsed = parseDocument(out).toJS() as Record<string, unknown>;
    expect(root(parsed)).toBe(value);
    // Everything outside the scalar is the source's text.
    expect(out.startsWith(src.slice(0, src.search(/[|>]/)))).toBe(true);
    expect(out.endsWith(src.slice(src.lastIndexOf('\n', src.length - 2) + 1))).toBe(true);
  });

  test('a block scalar whose first line starts with a space is not supported (the caller prints the whole item)', () => {
    expect(() => edit('s: |\n  text\n', (root) => root.set('s', '  indented\n'))).toThrow(Unsupported);
  });
});

function root(parsed: Record<string, unknown>): unknown {
  return 's' in parsed ? parsed.s : (parsed.list as unknown[])[0];
}

describe('reprint: props and comments around what changed (issue 12)', () => {
  test.each([
    ['an anchor', '- &c name: main\n  image: a\n'],
    ['a tag', '- !c name: main\n  image: a\n'],
    ['a ? key', '- ? name\n  : main\n  image: a\n'],
  ])('%s before the first key does not shift the indentation of a new key', (_t, src) => {
    const out = edit(src, (r, doc) => ((r as unknown as { items: YAMLMap[] }).items[0] as YAMLMap).set('added', doc.createNode('x')));
    expect(out).toBe(`${src}  added: x\n`);
    expect((parseDocument(out).toJS() as Record<string, string>[])[0]).toMatchObject({ name: 'main', image: 'a', added: 'x' });
  });

  test('an anchored, tagged flow collection that changes keeps its anchor and tag once', () => {
    const out = edit('ns: &ns !!map {pool: a}\nw: *ns\n', (r) => (r.get('ns') as YAMLMap).set('zone', 'z'));
    expect(out).toBe('ns: &ns !!map {pool: a, zone: z}\nw: *ns\n');
  });

  test('a comment after a changed flow collection appears once, however many runs change it', () => {
    let text = 'ns: { pool: a } # the pool\nx: 1\n';
    for (let i = 0; i < 3; i++) text = edit(text, (r) => (r.get('ns') as YAMLMap).set('k', i));
    expect(text).toBe('ns: { pool: a, k: 2 } # the pool\nx: 1\n');
  });
});
