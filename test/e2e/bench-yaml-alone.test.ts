/**
 * The benchmark's `yaml`-alone floor (scripts/bench/yaml-alone.mjs): packed by scripts/lib/pack.mjs
 * exactly as the build packs the function, it must really parse its input (a YAML error fails it)
 * and write the input back unchanged, or the floor the benchmark prints would be a floor of
 * something else. Packing is one esbuild run and one training run of the small bundle.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROD_INPUT } from '../support/prod-input';
import { tempDir } from '../support/temp-dirs';
import { ROOT } from '../support/tools';

let executable: string;
let cacheDir: string;

beforeAll(() => {
  const tmp = tempDir('bench-yaml-alone-');
  cacheDir = join(tmp, 'cache');
  const script = `import { packYamlAlone } from ${JSON.stringify(join(ROOT, 'scripts/bench/yaml-alone.mjs'))};\nprocess.stdout.write(await packYamlAlone(${JSON.stringify(ROOT)}, ${JSON.stringify(tmp)}, '0.0.0'));`;
  const packed = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`packing failed: ${packed.stderr}`);
  executable = packed.stdout;
}, 60_000);

const run = (input: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [executable], { input, encoding: 'utf8', env: { ...process.env, LLM_PREFILL_FN_CACHE_DIR: cacheDir, ...env } });

test('writes a ResourceList it parsed back byte for byte, from the payload and then from its cache directory', () => {
  for (let i = 0; i < 2; i++) {
    const out = run(PROD_INPUT, { LLM_PREFILL_FN_DEBUG: '1' });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(PROD_INPUT);
    expect(out.stderr).toContain('code cache accepted');
  }
});

test('fails on input that yaml cannot parse', () => {
  const out = run('items:\n- {a: [\n');
  expect(out.status).toBe(1);
  expect(out.stderr).toMatch(/^yaml alone: /);
  expect(out.stdout).toBe('');
});

test('prints its steps with LLM_PREFILL_FN_TIMINGS=1, in the format the benchmark reads', () => {
  const out = run(PROD_INPUT, { LLM_PREFILL_FN_TIMINGS: '1' });
  const labels = out.stderr.split('\n').flatMap((l) => /^llm-prefill-fn: +\d+\.\d +-?\d+\.\d {2}(.+)$/.exec(l)?.[1] ?? []);
  expect(labels.slice(-3)).toEqual([`read stdin (${PROD_INPUT.length} characters)`, 'parse (yaml)', 'write stdout']);
  expect(labels[0]).toBe("node's own start-up, up to the launcher's first line");
});
