/**
 * Property-based tests of the whole function, in process (runFunction), with a fixed seed:
 *
 * (a) random ResourceLists — ConfigMaps, the managed prefill configs, other
 *     LLMInferenceServiceConfigs and LLMInferenceServices, in random formatting — with random
 *     functionConfigs (valid, misspelled, wrong types, prototype keys, contradictions);
 * (b) random edits of the managed configs (env entries and containers added, removed,
 *     reordered; comments) under the repository's own overlays.
 *
 * Whatever the input: a ResourceList comes out (never an exception); `failed` is exactly "an
 * error result"; items the function does not manage are byte-identical; a second run changes no
 * item (f(f(x)) = f(x)); on error every item is as it came in; nothing reaches Object.prototype.
 *
 * PROPERTY_RUNS (default 200 for (a), half as many for (b): 300 cases, ~15 s) and PROPERTY_SEED
 * change the run; a failure prints the seed, the path to replay it and a file with the input.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { decode } from '../../functions/src/krm/decode';
import type { Item } from '../../functions/src/krm/item';
import type { Result } from '../../functions/src/krm/results';
import { runFunction, type RunOutput } from '../../functions/src/pipeline';
import { DATA_PARALLEL, functionConfig, item, objectOf, renderList, style, TEMPLATE, text, type Obj, type Style } from './generators';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261122);
const ROOT = join(__dirname, '../..');

const MANAGED_NAMES = ['kserve-config-llm-prefill-template', 'kserve-config-llm-prefill-worker-data-parallel'];

/** Items the function may change: the managed configs and the LLMInferenceServices. */
function mayChange(item: Item): boolean {
  const { kind, name } = item.id;
  return kind === 'LLMInferenceService' || (kind === 'LLMInferenceServiceConfig' && MANAGED_NAMES.includes(name ?? ''));
}

const chunks = (text: string) => decode(text).items.map((i) => i.chunk.text);

/** The input of the last failing run (while fast-check shrinks, the smallest one so far). */
let lastFailure: string | undefined;

/** The checks every run must pass; returns the output. */
function checkRun(input: string): RunOutput {
  try {
    return checks(input);
  } catch (e) {
    lastFailure = input;
    throw e;
  }
}

/** fc.assert, and on failure the (shrunk) input in a file named in the error, to replay it. */
function assertProperty<T>(property: fc.IProperty<T>, runs: number): void {
  lastFailure = undefined;
  try {
    fc.assert(property, { seed: SEED, numRuns: runs });
  } catch (e) {
    if (lastFailure !== undefined && e instanceof Error) {
      const file = join(tmpdir(), `llm-prefill-fn-property-${createHash('sha256').update(lastFailure).digest('hex').slice(0, 12)}.yaml`);
      writeFileSync(file, lastFailure);
      e.message += `\n(the input of the last failing run: ${file})`;
    }
    throw e;
  }
}

function checks(input: string): RunOutput {
  let out: RunOutput | undefined;
  expect(() => (out = runFunction(input))).not.toThrow();
  const o = out as RunOutput;
  // A ResourceList: one valid YAML document (the generated inputs are valid YAML).
  const doc = parseDocument(o.text, { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  const list = doc.toJS() as { kind: string; items: unknown[]; results: Result[] };
  expect(list.kind).toBe('ResourceList');
  expect(Array.isArray(list.items)).toBe(true);
  expect(Array.isArray(list.results)).toBe(true);
  expect(o.failed).toBe(o.results.some((r) => r.severity === 'error'));
  expect(o.results.filter((r) => /internal error/.test(r.message))).toEqual([]);

  const before = decode(input).items;
  const after = decode(o.text).items;
  if (o.failed) {
    // Nothing is half-applied: every item as it came in, nothing added.
    expect(after.map((i) => i.chunk.text)).toEqual(before.map((i) => i.chunk.text));
  } else {
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    for (const [i, b] of before.entries()) if (!mayChange(b)) expect(after[i].chunk.text).toBe(b.chunk.text);
  }
  // f(f(x)) = f(x) on the items, and the same verdict.
  const again = runFunction(o.text);
  expect(chunks(again.text)).toEqual(after.map((i) => i.chunk.text));
  expect(again.failed).toBe(o.failed);
  return o;
}

afterAll(() => {
  // No key of any input reached Object.prototype.
  expect(({} as Obj).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
});

describe('property (a): random items, formatting and functionConfigs', () => {
  test('a ResourceList always comes out; unmanaged items byte-identical; idempotent; on error every item unchanged', () => {
    assertProperty(
      fc.property(fc.array(item, { maxLength: 5 }), fc.option(functionConfig, { freq: 12, nil: undefined }), style, (items, cfg, s) => {
        const input = renderList(items, cfg, s);
        // The generator's own check: the text reads back as the values.
        expect(parse(input.replace(/^\ufeff/, '')).items ?? []).toEqual(JSON.parse(JSON.stringify(items)));
        checkRun(input);
      }),
      RUNS,
    );
  });
});

// -----------------------------------------------------------------------------------------------
// (b) Random edits of the managed configs.

type Edit =
  | { op: 'addEnv'; pod: number; name: string; value: string }
  | { op: 'removeEnv'; pod: number; at: number }
  | { op: 'reverseEnv'; pod: number }
  | { op: 'addContainer'; pod: number; name: string; front: boolean }
  | { op: 'removeContainer'; pod: number; at: number }
  | { op: 'dropEnv'; pod: number }
  | { op: 'dropWorker' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('addEnv' as const), pod: fc.nat(2), name: fc.oneof(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/), fc.constantFrom('VLLM_LOGGING_LEVEL', 'HOME', '__proto__', 'constructor')), value: text }),
  fc.record({ op: fc.constant('removeEnv' as const), pod: fc.nat(2), at: fc.nat(8) }),
  fc.record({ op: fc.constant('reverseEnv' as const), pod: fc.nat(2) }),
  fc.record({ op: fc.constant('addContainer' as const), pod: fc.nat(2), name: fc.constantFrom('sidecar', 'proxy', 'main-2'), front: fc.boolean() }),
  fc.record({ op: fc.constant('removeContainer' as const), pod: fc.nat(2), at: fc.nat(2) }),
  fc.record({ op: fc.constant('dropEnv' as const), pod: fc.nat(2) }),
  fc.constant({ op: 'dropWorker' as const }),
);

/** The pod specs of a config: the template config has one, the data-parallel config two. */
function pods(config: Obj): Obj[] {
  const prefill = (config.spec as Obj).prefill as Obj;
  return [prefill.template, prefill.worker].filter((p): p is Obj => typeof p === 'object' && p !== null);
}

function applyEdit(config: Obj, e: Edit): void {
  if (e.op === 'dropWorker') {
    delete ((config.spec as Obj).prefill as Obj).worker;
    return;
  }
  const all = pods(config);
  const pod = all[e.pod % all.length];
  const containers = (pod.containers ?? []) as Obj[];
  const main = containers.find((c) => c.name === 'main') ?? containers[0];
  switch (e.op) {
    case 'addEnv':
      if (main) main.env = [...((main.env as Obj[] | undefined) ?? []), objectOf([['name', e.name], ['value', e.value]])];
      return;
    case 'removeEnv':
      if (Array.isArray(main?.env) && main.env.length > 0) main.env.splice(e.at % main.env.length, 1);
      return;
    case 'reverseEnv':
      if (Array.isArray(main?.env)) main.env.reverse();
      return;
    case 'dropEnv':
      if (main) delete main.env;
      return;
    case 'addContainer': {
      const c = { name: e.name, image: 'busybox:1', env: [{ name: 'A', value: 'b' }] };
      pod.containers = e.front ? [c, ...containers] : [...containers, c];
      return;
    }
    case 'removeContainer':
      if (containers.length > 0) containers.splice(e.at % containers.length, 1);
      return;
  }
}

const OVERLAYS = ['dev', 'staging', 'prod'].map((env) => parse(readFileSync(join(ROOT, 'overlays', env, 'prefill-overlay.yaml'), 'utf8')) as Obj);

describe('property (b): random edits of the managed configs under the real overlays', () => {
  test('the same properties hold, and a successful run labels every managed config with the overlay', () => {
    assertProperty(
      fc.property(
        fc.array(edit, { maxLength: 6 }),
        fc.array(edit, { maxLength: 6 }),
        fc.constantFrom(...OVERLAYS.keys()),
        style,
        fc.boolean(),
        (templateEdits, dpEdits, overlay, s, withService) => {
          const template = structuredClone(TEMPLATE);
          const dataParallel = structuredClone(DATA_PARALLEL);
          for (const e of templateEdits) applyEdit(template, e);
          for (const e of dpEdits) applyEdit(dataParallel, e);
          const items: Obj[] = [template, dataParallel];
          if (withService) items.push(parse(readFileSync(join(ROOT, 'base/llminferenceservice-sample.yaml'), 'utf8')) as Obj);
          const input = renderList(items, OVERLAYS[overlay], s);
          expect(parse(input.replace(/^\ufeff/, '')).items).toEqual(JSON.parse(JSON.stringify(items)));
          const out = checkRun(input);
          if (!out.failed) {
            const spec = OVERLAYS[overlay].spec as Obj;
            for (const config of (parse(out.text).items as Obj[]).filter((i) => i.kind === 'LLMInferenceServiceConfig')) {
              expect(((config.metadata as Obj).labels as Obj)['llm-prefill.dev/overlay']).toBe(spec.overlay);
            }
          }
        },
      ),
      Math.ceil(RUNS / 2),
    );
  });
});

export type { Style };
