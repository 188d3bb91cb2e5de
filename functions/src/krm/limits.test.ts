/**
 * The limits (krm/limits.ts) and the input checks, in process. The built executable meets the
 * same inputs in test/e2e/bad-inputs.test.ts; these pin the edges (at the limit works, one over
 * fails) and what the CLI's reading of stdin does.
 */
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { decodeUtf8, invalidUtf8At, readInput } from '../cli/stdin';
import * as readConfigModule from '../config/read-config';
import { runFunction, runFunctionSafely } from '../pipeline';
import { decode, DecodeError } from './decode';
import { LIMITS, LimitExceeded, parseYaml, toPlain } from './limits';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const FC = 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: dev, ifMissing: ignore}\n';

describe('nesting depth', () => {
  const seqs = (n: number) => '['.repeat(n) + ']'.repeat(n);

  test(`${LIMITS.depth} levels below the extra ones parse; one more is LimitExceeded at its offset`, () => {
    expect(parseYaml(`- ${seqs(LIMITS.depth)}\n`, {}, 1).errors).toEqual([]);
    let caught: unknown;
    try {
      parseYaml(`- ${seqs(LIMITS.depth + 1)}\n`, {}, 1);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LimitExceeded);
    expect((caught as LimitExceeded).offset).toBe(2 + LIMITS.depth);
  });

  test('block mappings closed by one dedent (yaml`s token parser recurses there) are LimitExceeded, not a stack overflow', () => {
    const deep = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:\n`).join('') + 'end: 1\n';
    expect(() => parseYaml(deep, {}, 0)).toThrow(LimitExceeded);
  });

  test('a managed config nested exactly to the limit goes through every stage', () => {
    const deep = `${seqs(LIMITS.depth - 2)}`; // the item is level 1, metadata level 2
    const input = `${HEAD}items:\n- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceServiceConfig\n  metadata:\n    name: kserve-config-llm-prefill-template\n    namespace: kserve\n    xdeep: ${deep}\n  spec: {prefill: {template: {containers: [{name: main, image: a}]}}}\n${FC.replace('ifMissing: ignore', 'ifMissing: ignore, image: "b:1"')}`;
    const out = runFunction(input);
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    expect(out.text).toContain('image: b:1');
    expect(runFunction(input.replace(deep, `[${deep}]`)).results.find((r) => r.severity === 'error')?.message).toMatch(/nested deeper than 512 levels/);
  });
});

describe('aliases', () => {
  test(`an anchor used ${LIMITS.aliasCount - 1} times converts; once more is LimitExceeded (yaml's maxAliasCount)`, () => {
    const doc = (n: number) => parseYaml(`- a: &x v\n  b: [${Array.from({ length: n }, () => '*x').join(', ')}]\n`, {}, 1);
    const ok = doc(LIMITS.aliasCount - 1);
    expect((toPlain(ok, ok.contents as never) as [{ b: string[] }])[0].b).toHaveLength(LIMITS.aliasCount - 1);
    const bomb = doc(LIMITS.aliasCount);
    expect(() => toPlain(bomb, bomb.contents as never)).toThrow(/too many alias uses/);
  });

  test('aliases in a managed config are resolved for the checks (not left as {source} objects)', () => {
    const input = `${HEAD}items:\n- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceServiceConfig\n  metadata:\n    name: kserve-config-llm-prefill-template\n    namespace: kserve\n  spec:\n    prefill:\n      template:\n        containers:\n        - name: main\n          image: a\n          resources: &r {limits: {cpu: "1"}}\n        - name: side\n          image: a\n          resources: *r\n${FC}`;
    const out = runFunction(input);
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
  });
});

describe('sizes', () => {
  test('JSON input is parsed whole: over 64 MiB is an error before any parsing', () => {
    const json = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [], "x": "${'x'.repeat(LIMITS.flowInputBytes)}"}`;
    expect(() => decode(json)).toThrow(new DecodeError(`JSON or flow-style input is parsed whole and may be at most 64 MiB (this is 64.0 MiB): send block-style YAML, as kpt and kustomize do`));
  });

  test('stdin over the limit: a problem, and the rest is read (and dropped) to the end', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(300, 0x61));
    const stream = Readable.from(chunks);
    const input = await readInput(stream, 1000);
    expect(input.problem?.message).toBe("the input is 0.0 MiB: larger than the function's limit of 0.0 MiB");
    expect(stream.readableEnded).toBe(true);
    expect((await readInput(Readable.from([Buffer.from('abc'), Buffer.from('def')]), 6)).text).toBe('abcdef');
  });
});

describe('UTF-8', () => {
  test.each([
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['a truncated sequence at the end', [0x61, 0xe2, 0x82], 1],
    ['an overlong encoding', [0xc0, 0x80], 0],
    ['a surrogate', [0xed, 0xa0, 0x80], 0],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['Latin-1', [0x63, 0x61, 0x66, 0xe9, 0x0a], 3],
  ])('%s is invalid at its first byte', (_name, bytes, at) => {
    expect(invalidUtf8At(Uint8Array.from(bytes))).toBe(at);
  });

  test('agrees with the WHATWG decoder on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(invalidUtf8At(bytes) === undefined).toBe(valid);
      }),
      { seed: 6, numRuns: 500 },
    );
  });

  test('a U+FFFD that was in the input is fine; the line of an invalid byte is named', () => {
    expect(decodeUtf8(Buffer.from('a: \ufffd\n')).text).toBe('a: \ufffd\n');
    expect(decodeUtf8(Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0xff])).problem?.message).toBe('input line 3: not valid UTF-8 at byte 4 (binary data, or another encoding: convert it to UTF-8)');
  });
});

describe('JSON input: strings are single-quoted before parsing, values unchanged', () => {
  test('random JSON data comes out as the same data', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 30 }), { maxKeys: 6 }), (data) => {
        const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data }], functionConfig: parse(FC).functionConfig };
        const out = runFunction(JSON.stringify(list));
        if (out.failed) {
          // Control characters other than tab and line breaks: not YAML, refused as such.
          expect(out.results[0].message).toMatch(/control character|not allowed/);
          return;
        }
        expect(parse(out.text).items[0].data ?? {}).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { seed: 6, numRuns: 200 },
    );
  });
});

describe('prototype pollution', () => {
  test('__proto__, constructor and prototype keys everywhere are data; Object.prototype is untouched', () => {
    const items =
      '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: p\n    labels: {__proto__: x}\n  data:\n    __proto__: {polluted: yes}\n    constructor: {prototype: {polluted: yes}}\n';
    for (const spec of ['env: {__proto__: {polluted: yes}}', 'env: {__proto__: a, constructor: b, prototype: c}', 'labels: {__proto__: a}', 'scheduling: {nodeSelector: {__proto__: a}}', '__proto__: {polluted: yes}', 'constructor: {prototype: {polluted: yes}}']) {
      const out = runFunction(`${HEAD}items:\n${items}${FC.replace('ifMissing: ignore', `ifMissing: add, ${spec}`)}`);
      expect(parse(out.text).items[0].data).toEqual(JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}'));
    }
    const flat = runFunction(`${HEAD}items: []\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: f}\n  data: {overlay: dev, env.__proto__: a, labels.constructor: b}\n`);
    expect(flat.failed).toBe(false);
    expect(flat.text).toContain('- name: __proto__\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('an internal error (a bug of ours)', () => {
  afterEach(() => jest.restoreAllMocks());

  function failingRun(debug: string | undefined) {
    jest.spyOn(readConfigModule, 'readConfig').mockImplementation(() => {
      throw new TypeError('something nobody expected');
    });
    const writes: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const saved = process.env.LLM_PREFILL_FN_DEBUG;
    if (debug === undefined) delete process.env.LLM_PREFILL_FN_DEBUG;
    else process.env.LLM_PREFILL_FN_DEBUG = debug;
    try {
      return { out: runFunctionSafely(`${HEAD}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n${FC}`), stderr: writes.join('') };
    } finally {
      if (saved === undefined) delete process.env.LLM_PREFILL_FN_DEBUG;
      else process.env.LLM_PREFILL_FN_DEBUG = saved;
    }
  }

  test('a ResourceList with the items unchanged and an error result; no stack trace', () => {
    const { out, stderr } = failingRun(undefined);
    expect(out.failed).toBe(true);
    expect(out.results.map((r) => r.message)).toEqual(['internal error: something nobody expected (please report it; LLM_PREFILL_FN_DEBUG=1 prints a stack trace)']);
    expect(parse(out.text).items).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]);
    expect(stderr).toBe('');
  });

  test('LLM_PREFILL_FN_DEBUG=1 writes the stack trace to stderr', () => {
    const { stderr } = failingRun('1');
    expect(stderr).toMatch(/^TypeError: something nobody expected\n\s+at /);
  });
});
