import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { error, warning } from '../krm/results';
import { appendRun, readRuns, RESULTS_ENV } from './results-sink';

describe('the results file of runs under render', () => {
  const dir = mkdtempSync(join(tmpdir(), 'results-sink-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('one line per run, read back in order; no file means no run', () => {
    const file = join(dir, 'runs.jsonl');
    expect(readRuns(file)).toEqual([]);
    appendRun(file, { results: [warning('w; with a semicolon\nand a newline')] });
    appendRun(file, { results: [error('e', { resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' } })] });
    expect(readRuns(file)).toEqual([{ results: [warning('w; with a semicolon\nand a newline')] }, { results: [error('e', { resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' } })] }]);
  });

  const bin = resolve(__dirname, '../../../dist/llm-prefill-fn.js');
  if (!existsSync(bin)) process.stderr.write('SKIPPED: KRM mode writing to the results file: dist/llm-prefill-fn.js is not built (npm run build)\n');
  (existsSync(bin) ? test : test.skip)('KRM mode with the variable set: the results go to the file, nothing to stderr', () => {
    const file = join(dir, 'krm.jsonl');
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: {apiVersion: fn.llm-prefill.dev/v1alpha1, kind: PrefillOverlay, metadata: {name: x}, spec: {overlay: x, imag: y}}\n';
    const run = spawnSync(process.execPath, [bin], { input, encoding: 'utf8', env: { ...process.env, [RESULTS_ENV]: file } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const [only] = readRuns(file);
    expect(only.results.some((r) => r.severity === 'error' && r.field?.path === 'spec.imag')).toBe(true);
    // Without it, the same run reports on stderr and ends with the outcome line.
    const plain = spawnSync(process.execPath, [bin], { input, encoding: 'utf8', env: { ...process.env, [RESULTS_ENV]: '' } });
    expect(plain.stderr.trim().split('\n').pop()).toMatch(/^llm-prefill-fn: FAILED: \d+ error\(s\); first: PrefillOverlay\/x: spec\.imag: /);
  });
});
