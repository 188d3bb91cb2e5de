import { parse } from 'yaml';
import type { Result } from '../krm/results';
import { closest } from './field-errors';
import { readConfig } from './read-config';
import { API_VERSION, KIND } from './types';

const META = { name: 'dev-overlay' };
const REF = { apiVersion: API_VERSION, kind: KIND, name: 'dev-overlay' };
const CM_REF = { apiVersion: 'v1', kind: 'ConfigMap', name: 'function-input' };

function overlay(spec: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: API_VERSION, kind: KIND, metadata: META, spec, ...extra };
}

function configMap(data: Record<string, unknown> | undefined): Record<string, unknown> {
  const cm: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'function-input', annotations: { 'config.kubernetes.io/local-config': 'true' } },
  };
  if (data !== undefined) cm.data = data;
  return cm;
}

/** The error results of an invalid config; fails when the config was accepted. */
function failures(functionConfig: unknown): Result[] {
  const outcome = readConfig(functionConfig);
  if (!outcome.results) throw new Error(`expected errors, got a config: ${JSON.stringify(outcome.config)}`);
  expect(outcome.config).toBeUndefined();
  expect(outcome.results.length).toBeGreaterThan(0);
  for (const r of outcome.results) {
    expect(r.severity).toBe('error');
    expect(r.message.length).toBeGreaterThan(0);
    // a field path only with a resourceRef (KRM results spec)
    if (r.field) expect(r.resourceRef).toBeDefined();
  }
  return outcome.results;
}

/** The single error at `path`. */
function errorAt(results: Result[], path: string): Result {
  const at = results.filter((r) => r.field?.path === path);
  expect(at.map((r) => r.field?.path)).toEqual([path]);
  return at[0];
}

describe('readConfig: PrefillOverlay', () => {
  test('a valid config is returned as it is, with a reference to it', () => {
    const fc = overlay({ overlay: 'dev', image: 'ghcr.io/llm-d/llm-d-cuda:v0.9.0', env: { VLLM_LOGGING_LEVEL: 'DEBUG', 'my.var-x': '' } });
    const outcome = readConfig(fc);
    if (outcome.results) throw new Error(JSON.stringify(outcome.results));
    expect(outcome.config).toEqual(fc);
    expect(outcome.ref).toEqual(REF);
  });

  test('only spec.overlay is required; metadata is optional', () => {
    const fc = { apiVersion: API_VERSION, kind: KIND, spec: { overlay: 'a' } };
    expect(readConfig(fc).config).toEqual(fc);
  });

  test('local-config and other annotations (as kustomize adds them) are accepted', () => {
    const fc = overlay({ overlay: 'prod' }, { metadata: { name: 'x', annotations: { 'config.kubernetes.io/local-config': 'true' }, labels: { a: 'b' } } });
    expect(readConfig(fc).config).toEqual(fc);
  });

  test.each([
    ['imag', 'image'],
    ['overlya', 'overlay'],
    ['Env', 'env'],
    ['images', 'image'],
  ])('misspelled spec field %j: error at spec.%s with a did-you-mean %j', (wrong, right) => {
    const spec: Record<string, unknown> = { overlay: 'dev' };
    spec[wrong] = 'x';
    const err = errorAt(failures(overlay(spec)), `spec.${wrong}`);
    expect(err.message).toContain(`"${wrong}"`);
    expect(err.message).toContain(`did you mean "${right}"`);
    expect(err.resourceRef).toEqual(REF);
  });

  test('misspelled overlay key alone: the did-you-mean and the missing required field', () => {
    const results = failures(overlay({ overlya: 'dev' }));
    expect(errorAt(results, 'spec.overlya').message).toContain('did you mean "overlay"');
    expect(errorAt(results, 'spec.overlay').message).toMatch(/required/);
    expect(results).toHaveLength(2);
  });

  test.each([
    ['specs', 'spec'],
    ['metdata', 'metadata'],
    ['apiVersoin', 'apiVersion'],
  ])('misspelled top-level field %j: did you mean %j', (wrong, right) => {
    const fc: Record<string, unknown> = overlay({ overlay: 'dev' });
    fc[wrong] = fc[right] ?? {};
    const err = errorAt(failures(fc), wrong);
    expect(err.message).toContain(`did you mean "${right}"`);
  });

  test('an unknown field with no close match lists the known fields instead', () => {
    const err = errorAt(failures(overlay({ overlay: 'dev', frobnicate: 3 })), 'spec.frobnicate');
    expect(err.message).not.toContain('did you mean');
    expect(err.message).toContain('overlay, mode, kserve, configs, ifMissing, image');
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ['image: 5', { overlay: 'dev', image: 5 }, 'spec.image', /string/],
    ['image: [a]', { overlay: 'dev', image: ['a'] }, 'spec.image', /string/],
    ['env: [a]', { overlay: 'dev', env: ['a'] }, 'spec.env', /object|mapping/],
    ['env: "A=1"', { overlay: 'dev', env: 'A=1' }, 'spec.env', /object|mapping/],
    ['an env value that is a number', { overlay: 'dev', env: { A: 1 } }, 'spec.env.A', /string/],
    ['an env value that is null', { overlay: 'dev', env: { A: null } }, 'spec.env.A', /string/],
    ['overlay: 7', { overlay: 7 }, 'spec.overlay', /string/],
  ])('wrong type (%s): error naming the field', (_title, spec, path, message) => {
    const err = errorAt(failures(overlay(spec)), path);
    expect(err.message).toMatch(message);
    expect(err.resourceRef).toEqual(REF);
  });

  test('spec that is not a mapping', () => {
    expect(errorAt(failures(overlay('dev')), 'spec').message).toMatch(/object|mapping/);
  });

  test.each([
    ['uppercase', 'Dev'],
    ['underscore', 'my_env'],
    ['leading dash', '-dev'],
    ['trailing dash', 'dev-'],
    ['a dot', 'dev.1'],
    ['empty', ''],
    ['64 characters', 'a'.repeat(64)],
  ])('invalid overlay label (%s)', (_title, value) => {
    const results = failures(overlay({ overlay: value }));
    expect(results.every((r) => r.field?.path === 'spec.overlay')).toBe(true);
    expect(results.map((r) => r.message).join('\n')).toMatch(/DNS label|63 characters/);
  });

  test('63 characters is the longest valid overlay', () => {
    expect(readConfig(overlay({ overlay: 'a'.repeat(63) })).config).toBeDefined();
  });

  test.each([
    ['empty', ''],
    ['with a space', 'ghcr.io/x: v2'],
  ])('invalid image (%s)', (_title, image) => {
    const results = failures(overlay({ overlay: 'dev', image }));
    expect(results.every((r) => r.field?.path === 'spec.image')).toBe(true);
  });

  test('an invalid env name: one error at spec.env.<name>, saying what a valid name is', () => {
    const results = failures(overlay({ overlay: 'dev', env: { '1A': 'x', GOOD: 'y', 'B C': 'z' } }));
    expect(results.map((r) => r.field?.path)).toEqual(['spec.env.1A', 'spec.env.B C']);
    for (const r of results) expect(r.message).toMatch(/environment variable name/);
  });

  test('missing spec.overlay', () => {
    const results = failures(overlay({ image: 'x:v2' }));
    expect(errorAt(results, 'spec.overlay').message).toMatch(/required/);
    expect(results).toHaveLength(1);
  });

  test('missing spec', () => {
    const fc = overlay(undefined);
    delete fc.spec;
    expect(errorAt(failures(fc), 'spec').message).toMatch(/required/);
  });

  test('wrong apiVersion for the kind', () => {
    const err = errorAt(failures(overlay({ overlay: 'dev' }, { apiVersion: 'fn.llm-prefill.dev/v1' })), 'apiVersion');
    expect(err.message).toContain(API_VERSION);
    expect(err.resourceRef).toEqual({ ...REF, apiVersion: 'fn.llm-prefill.dev/v1' });
  });

  test('every error is reported, not only the first', () => {
    const results = failures(overlay({ overlay: 'Dev', imag: 'x', env: { A: 1 } }));
    expect(results.map((r) => r.field?.path).sort()).toEqual(['spec.env.A', 'spec.imag', 'spec.overlay']);
  });

  // The KRM results spec: resourceRef has apiVersion, kind and name; field needs a resourceRef.
  // A functionConfig without metadata.name gets a resourceRef with name "" (fail() already drops
  // such a ref; checked() does not).
  test('a functionConfig without a name gets no resourceRef with an empty name', () => {
    const results = failures({ apiVersion: API_VERSION, kind: KIND, spec: { overlay: 'dev', imag: 'x' } });
    for (const r of results) if (r.resourceRef) expect(r.resourceRef.name).not.toBe('');
  });
});

describe('readConfig: no config, or another kind', () => {
  test.each([[undefined], [null]])('no functionConfig (%p): one error, no reference', (fc) => {
    const [err, ...rest] = failures(fc);
    expect(rest).toEqual([]);
    expect(err.message).toMatch(/no functionConfig/);
    expect(err.message).toContain(KIND);
    expect(err.resourceRef).toBeUndefined();
    expect(err.field).toBeUndefined();
  });

  test.each([['a string'], [42], [['a', 'list']]])('a functionConfig that is not a mapping (%p)', (fc) => {
    const [err] = failures(fc);
    expect(err.message).toMatch(/mapping/);
    expect(err.resourceRef).toBeUndefined();
  });

  test('another kind: error on its kind field, naming the kinds that work', () => {
    const [err, ...rest] = failures({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: {} });
    expect(rest).toEqual([]);
    expect(err.message).toContain('"Secret"');
    expect(err.message).toContain(KIND);
    expect(err.message).toContain('ConfigMap');
    expect(err.resourceRef).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 's' });
    expect(err.field).toEqual({ path: 'kind' });
  });

  test('another kind without a name: no resourceRef, so no field either', () => {
    const [err] = failures({ apiVersion: 'v1', kind: 'Secret' });
    expect(err.resourceRef).toBeUndefined();
    expect(err.field).toBeUndefined();
  });

  test('no kind at all', () => {
    const [err] = failures({ metadata: { name: 'x' }, spec: { overlay: 'dev' } });
    expect(err.message).toContain('not supported');
  });
});

describe('readConfig: ConfigMap (kpt configMap: / fn eval -- key=value)', () => {
  test('overlay, image and env.NAME keys make a PrefillOverlay', () => {
    const outcome = readConfig(configMap({ overlay: 'dev', image: 'x:v2', 'env.VLLM_LOGGING_LEVEL': 'DEBUG', 'env.HF.HOME': '/models' }));
    if (outcome.results) throw new Error(JSON.stringify(outcome.results));
    expect(outcome.config).toEqual({
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name: 'function-input' },
      spec: { overlay: 'dev', image: 'x:v2', env: { VLLM_LOGGING_LEVEL: 'DEBUG', 'HF.HOME': '/models' } },
    });
    expect(outcome.ref).toEqual(CM_REF);
  });

  test('only overlay', () => {
    expect(readConfig(configMap({ overlay: 'prod' })).config?.spec).toEqual({ overlay: 'prod' });
  });

  test('values arrive as strings; a number (YAML without quotes) is read as its text', () => {
    expect(readConfig(configMap({ overlay: 'dev', 'env.WORKERS': 4 })).config?.spec.env).toEqual({ WORKERS: '4' });
  });

  test.each([
    ['imgae', 'image'],
    ['overlay_', 'overlay'],
    ['Overlay', 'overlay'],
  ])('unknown key %j: error at its data key, did you mean %j', (key, guess) => {
    const err = errorAt(failures(configMap({ overlay: 'dev', [key]: 'x' })), `data.${key}`);
    expect(err.message).toContain(`"${key}"`);
    expect(err.message).toContain(`did you mean "${guess}"`);
    expect(err.resourceRef).toEqual(CM_REF);
  });

  test('an unknown key with no close match lists the known keys', () => {
    const err = errorAt(failures(configMap({ overlay: 'dev', frobnicate: '3' })), 'data.frobnicate');
    expect(err.message).toContain('overlay, mode, namespace, configPrefix');
    expect(err.message).toContain('env.<NAME>');
  });

  test.each([['env.'], ['env']])('%j without a name is an unknown key, and the message shows the env.<NAME> form', (key) => {
    expect(errorAt(failures(configMap({ overlay: 'dev', [key]: 'x' })), `data.${key}`).message).toContain('env.<NAME>');
  });

  test('schema errors are reported against the data key the user wrote', () => {
    const results = failures(configMap({ overlay: 'DEV', image: 'a b', 'env.1X': 'v' }));
    expect(results.map((r) => r.field?.path).sort()).toEqual(['data.env.1X', 'data.image', 'data.overlay']);
    expect(errorAt(results, 'data.overlay').message).toMatch(/DNS label/);
    for (const r of results) expect(r.resourceRef).toEqual(CM_REF);
  });

  test('missing overlay: error at data.overlay', () => {
    expect(errorAt(failures(configMap({ image: 'x:v2' })), 'data.overlay').message).toMatch(/required/);
  });

  test('no data at all: error at data.overlay', () => {
    expect(errorAt(failures(configMap(undefined)), 'data.overlay').message).toMatch(/required/);
  });

  test('keys named like Object properties are unknown keys, not fields', () => {
    errorAt(failures(configMap({ overlay: 'dev', toString: 'x' })), 'data.toString');
    const proto = JSON.parse('{"overlay": "dev", "__proto__": "x"}') as Record<string, unknown>;
    errorAt(failures(configMap(proto)), 'data.__proto__');
  });

  test('an env key named __proto__ does not pollute anything', () => {
    const outcome = readConfig(configMap(JSON.parse('{"overlay": "dev", "env.__proto__": "x"}') as Record<string, unknown>));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    // either accepted as a plain variable or rejected at its key; never a crash
    if (outcome.results) errorAt(outcome.results, 'data.env.__proto__');
    else expect(Object.getOwnPropertyDescriptor(outcome.config.spec.env, '__proto__')?.value).toBe('x');
  });
});

describe('closest (did-you-mean)', () => {
  test.each<[string, string[], string | undefined]>([
    ['imag', ['overlay', 'image', 'env'], 'image'],
    ['IMAGE', ['overlay', 'image', 'env'], 'image'],
    ['overlya', ['overlay', 'image', 'env'], 'overlay'],
    ['replicas', ['overlay', 'image', 'env'], undefined],
    ['x', [], undefined],
  ])('%j in %j -> %j', (name, known, guess) => {
    expect(closest(name, known)).toBe(guess);
  });
});

describe('values that would not take effect or would be rounded (issue 12)', () => {
  // yaml reads these tags into a Map, a Set, a Date or bytes: the schema saw a Map as {}.
  test.each([
    ['env: !!omap [{A: "1"}]', 'spec.env', /!!omap/],
    ['env: !!set {A}', 'spec.env', /!!set/],
    ['env: {A: !!timestamp 2001-12-14}', 'spec.env.A', /!!timestamp/],
    ['image: !!binary aGVsbG8=', 'spec.image', /!!binary/],
    ['vllmArgs: [a, !!omap [{b: c}]]', 'spec.vllmArgs[1]', /!!omap/],
  ])('%s is an error at %s', (yaml, path, message) => {
    const spec = parse(`overlay: dev\n${yaml}\n`) as Record<string, unknown>;
    const r = errorAt(failures(overlay(spec)), path);
    expect(r.message).toMatch(message);
  });

  test('in a ConfigMap functionConfig too', () => {
    const r = errorAt(failures(configMap(parse('overlay: dev\nimage: !!binary aGVsbG8=\n') as Record<string, unknown>)), 'data.image');
    expect(r.message).toMatch(/!!binary/);
  });

  test.each([
    ['resources: {gpus: 2147483648}', 'spec.resources.gpus'],
    ['resources: {rdma: {resource: rdma/x, count: 2147483648}}', 'spec.resources.rdma.count'],
    ['roce: {enabled: true, gidIndex: 2147483648}', 'spec.roce.gidIndex'],
    ['terminationGracePeriodSeconds: 9007199254740993', 'spec.terminationGracePeriodSeconds'],
    ['resources: {cpu: 99999999999999999999}', 'spec.resources.cpu'],
    ['replicas: 2147483648', 'spec.replicas'],
  ])('%s is beyond its bound (int32, or the largest integer read exactly): an error', (yaml, path) => {
    const spec = parse(`overlay: dev\n${yaml}\n`) as Record<string, unknown>;
    expect(errorAt(failures(overlay(spec)), path).message).toMatch(/must be <=/);
  });

  test('a ConfigMap value too large for the GPU count is an error, not rounded', () => {
    expect(errorAt(failures(configMap({ overlay: 'dev', gpus: '99999999999999999999' })), 'data.gpus').message).toMatch(/must be <=/);
  });
});
