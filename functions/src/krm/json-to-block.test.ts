/**
 * JSON input written in block style without a document (issue 12, item 9: memory on JSON with
 * many small items). What it writes must read back as the JSON, under YAML 1.2 and 1.1.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { DepthExceeded, jsonToBlock } from './json-to-block';

const bothVersions = (yaml: string) => [parse(yaml, { uniqueKeys: true }), parse(yaml, { version: '1.1', uniqueKeys: true })];

describe('jsonToBlock', () => {
  test('a ResourceList in block style', () => {
    const json = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b', e: {}, l: [] } }] });
    expect(jsonToBlock(json)).toBe('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c\n    data:\n      a: b\n      e: {}\n      l: []\n');
  });

  test('strings that other YAML types would read otherwise stay strings in 1.1 and 1.2', () => {
    const data = { t: 'true', y: 'yes', o: 'off', n: '123', e: '', c: 'a: b', nul: 'null', h: '#x', sp: ' lead', oct: '0o12', f: '1e3', ml: 'a\nb\n', tab: 'a\tb', q: "it's", img: 'ghcr.io/x:v1', end: 'x:', dash: '-x', star: '*a', u: 'é', nl: '\u2028' };
    const json = JSON.stringify({ data });
    for (const read of bothVersions(jsonToBlock(json) as string)) expect(read).toEqual({ data });
  });

  test('numbers keep their text: big integers are not rounded, decimals keep their digits', () => {
    const out = jsonToBlock('{"a": 12345678901234567890, "b": 1.50, "c": -0, "d": true, "e": null}') as string;
    expect(out).toBe('a: 12345678901234567890\nb: 1.50\nc: -0\nd: true\ne: null\n');
  });

  test('an exponent is written as the number it stands for (YAML 1.1 would read 1e3 as a string)', () => {
    expect(jsonToBlock('{"a": 1e3, "b": 2.5E-1}')).toBe('a: 1000\nb: 0.25\n');
  });

  test.each(['{"a": 1e300}', '{"a": 1, "a": 2}', '{"a": tru}', '{"a": 1} x', "{'a': 1}", '{"a": "x\ny"}', '[1]', '{}'])('%s is left to yaml (undefined)', (json) => {
    expect(jsonToBlock(json)).toBeUndefined();
  });

  test('nesting beyond the limit is DepthExceeded', () => {
    expect(() => jsonToBlock(`{"a": ${'['.repeat(600)}${']'.repeat(600)}}`)).toThrow(DepthExceeded);
  });

  test('any JSON object: what it writes reads back as the JSON (1.2 and 1.1)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (value) => {
        const json = JSON.stringify(value);
        const out = jsonToBlock(json);
        if (out === undefined) return; // exponents, -0 as a number, keys over 1000: left to yaml
        const expected = JSON.parse(json) as unknown;
        for (const read of bothVersions(out)) expect(read).toEqual(expected);
      }),
      { seed: Number(process.env.JSON_SEED ?? 7), numRuns: Number(process.env.JSON_RUNS ?? 400) },
    );
  });
});
