/**
 * The flow-mapping shortcut for identities (issue 12, item 7: identity scanning agrees with YAML
 * parsers): whatever it reads, yaml reads the same; what it cannot read, it leaves to yaml.
 */
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { readFlowMap } from './flow-identity';
import { decode } from './decode';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

/** yaml's reading of the same text, or undefined when yaml reports an error. */
function yamlReads(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  return doc.errors.length > 0 ? undefined : doc.toJS();
}

/** Strings, with the null-like values the shortcut keeps as null. */
function normalised(v: unknown): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return null;
  if (Array.isArray(v)) return v.map(normalised);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, normalised(x)]));
  return v;
}

describe('readFlowMap', () => {
  test.each([
    ['{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: ns}, data: {a: b}}', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' }, data: { a: 'b' } }],
    ['{"apiVersion": "v1", \'kind\': \'It\'\'s\', list: [a, [b], {}], x: ~} # comment', { apiVersion: 'v1', kind: "It's", list: ['a', ['b'], {}], x: null }],
    ['{a: hello world, b: -x, }', { a: 'hello world', b: '-x' }],
  ])('reads %s', (text, value) => {
    expect({ ...readFlowMap(text) }).toEqual(value);
  });

  test.each([
    '{a: &x b}', '{a: *x}', '{a: !t b}', '{a: "esc\\"aped"}', '{a: b, a: c}', '{a: http://x}', '{a: b}#no space', '{a: b', '{a: b} extra', '{? a : b}', '{a: |}', '{a: @b}', '{a: %b}',
  ])('leaves %s to yaml', (text) => {
    expect(readFlowMap(text)).toBeUndefined();
  });

  test('whatever it reads, yaml reads the same (random flow text)', () => {
    const token = fc.constantFrom('a', '1a', '.5', '1e3', '-.inf', '0o7', '+1', 'b c', 'name', 'v1', '-x', '"q"', "'s'", "'it''s'", '~', 'null', '1', '0x1', 'true', 'x:y', 'a#b', ' ', ',', ':', ': ', '{', '}', '[', ']', '&a', '*a', '!t', '#c', '"e\\n"', '?');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }), (tokens) => {
        const text = `{${tokens.join('')}}`;
        const read = readFlowMap(text);
        if (read === undefined) return;
        expect(normalised({ ...read })).toEqual(normalised(yamlReads(`${text}\n`)));
      }),
      { seed: Number(process.env.FLOW_SEED ?? 12), numRuns: Number(process.env.FLOW_RUNS ?? 3000) },
    );
  });
});

describe('item identities from flow text, without parsing', () => {
  test('a flow item and flow metadata', () => {
    const list = decode(HEAD + '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: n}}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: b} # flow\n');
    expect(list.items.map((i) => i.id)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'n' },
      { apiVersion: 'v1', kind: 'Secret', name: 'b' },
    ]);
  });

  test('an unmanaged item with flow metadata and data beyond the parse limits is copied through, not a failure of every item', () => {
    const deep = '['.repeat(600) + ']'.repeat(600);
    const input = HEAD + `- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: deep, annotations: {a: "1"}}\n  data:\n    x: ${deep}\n`;
    const list = decode(input);
    expect(list.items.map((i) => i.id)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'deep' }]);
  });

  test('the same with metadata the shortcut cannot read (an anchor): only the metadata is parsed', () => {
    const deep = '['.repeat(600) + ']'.repeat(600);
    const input = HEAD + `- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: &n deep}\n  data:\n    x: ${deep}\n`;
    expect(decode(input).items.map((i) => i.id)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'deep' }]);
  });
});
