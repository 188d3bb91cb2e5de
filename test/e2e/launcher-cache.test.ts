/**
 * The launcher's cache directory (scripts/launcher.cjs): the first run copies the bundle and its
 * code cache there, later runs read them from there; concurrent first runs, a directory that
 * cannot be written and a cache V8 rejects all give the same output as a run without the
 * directory. Each test uses its own directory (LLM_PREFILL_FN_CACHE_DIR), never the user's.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { PROD_INPUT } from '../support/prod-input';
import { runBin } from '../support/run-bin';
import { FUNCTION_BIN } from '../support/tools';

const INPUT = PROD_INPUT;

let tmp: string;
let reference: { status: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'launcher-cache-'));
  const { status, stdout, stderr } = await runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: '' });
  reference = { status, stdout, stderr };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const same = (run: { status: number | null; stdout: string; stderr: string }): void => {
  expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual(reference);
};

test('the reference run (no cache directory) renders the input', () => {
  expect(reference.status).toBe(0);
  expect(reference.stdout).toContain('kind: ResourceList');
});

test('concurrent first runs leave one whole bundle and cache, and later runs read them', async () => {
  const dir = join(tmp, 'concurrent');
  const first = await Promise.all([1, 2, 3, 4].map(() => runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: dir })));
  first.forEach(same);
  const files = readdirSync(dir).sort();
  expect(files).toHaveLength(2);
  expect(files[0]).toMatch(/^[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.cache$/);
  expect(files[1]).toBe(files[0].replace(/\.cache$/, '.js'));
  const later = await runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: dir, LLM_PREFILL_FN_DEBUG: '1' });
  expect(later.stderr).toBe('llm-prefill-fn: debug: code cache accepted\n');
  expect(later.stdout).toBe(reference.stdout);
});

test('a directory that cannot be created is not used, silently', async () => {
  const file = join(tmp, 'a-file');
  writeFileSync(file, 'not a directory\n');
  same(await runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: join(file, 'cache') }));
  const debug = await runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: join(file, 'cache'), LLM_PREFILL_FN_DEBUG: '1' });
  expect(debug.stderr).toMatch(/^llm-prefill-fn: debug: code cache accepted\nllm-prefill-fn: debug: code cache not stored in .*a-file\/cache: ENOTDIR/);
});

test('a cache V8 rejects is compiled around, then replaced by one of this node', async () => {
  const dir = join(tmp, 'rejected');
  same(await runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: dir }));
  const [cache] = readdirSync(dir).filter((f) => f.endsWith('.cache'));
  writeFileSync(join(dir, cache), Buffer.alloc(4096, 7));
  const rejected = await runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: dir, LLM_PREFILL_FN_DEBUG: '1' });
  expect(rejected.stdout).toBe(reference.stdout);
  expect(rejected.stderr).toMatch(/^llm-prefill-fn: debug: code cache rejected by this node \(compiled from source\)\nllm-prefill-fn: debug: code cache stored in /);
  const after = await runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: dir, LLM_PREFILL_FN_DEBUG: '1' });
  expect(after.stderr).toBe('llm-prefill-fn: debug: code cache accepted\n');
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('without LLM_PREFILL_FN_CACHE_DIR the directory is under XDG_CACHE_HOME', async () => {
  const xdg = join(tmp, 'xdg');
  mkdirSync(xdg);
  const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: xdg };
  delete process.env.LLM_PREFILL_FN_CACHE_DIR;
  same(await runBin(INPUT, env));
  expect(readdirSync(join(xdg, 'llm-prefill-fn')).length).toBe(2);
});

test('the newest four keys stay; older keys and stale temporary files go; other files stay', async () => {
  const dir = join(tmp, 'prune');
  mkdirSync(dir);
  const old = new Date(Date.now() - 3600_000);
  const names = ['0000000000000001-v1.0.0-x64', '0000000000000002-v1.0.0-x64', '0000000000000003-v1.0.0-x64', '0000000000000004-v1.0.0-x64'];
  names.forEach((key, i) => {
    for (const ext of ['.js', '.cache']) {
      writeFileSync(join(dir, key + ext), 'x');
      const t = new Date(old.getTime() + i * 1000);
      utimesSync(join(dir, key + ext), t, t);
    }
  });
  writeFileSync(join(dir, '0000000000000009-v1.0.0-x64.cache.123.abc.tmp'), 'x');
  utimesSync(join(dir, '0000000000000009-v1.0.0-x64.cache.123.abc.tmp'), old, old);
  writeFileSync(join(dir, 'notes.txt'), 'not ours');
  same(await runBin(INPUT, { LLM_PREFILL_FN_CACHE_DIR: dir }));
  const left = readdirSync(dir).sort();
  expect(left.filter((f) => f.startsWith('000000000000000'))).toEqual([
    '0000000000000002-v1.0.0-x64.cache',
    '0000000000000002-v1.0.0-x64.js',
    '0000000000000003-v1.0.0-x64.cache',
    '0000000000000003-v1.0.0-x64.js',
    '0000000000000004-v1.0.0-x64.cache',
    '0000000000000004-v1.0.0-x64.js',
  ]);
  expect(left).toContain('notes.txt');
  expect(left.filter((f) => !f.startsWith('000000000000000') && f !== 'notes.txt')).toHaveLength(2); // this build's
});

test('a relative XDG_CACHE_HOME or HOME is ignored: nothing is written under the working directory', async () => {
  const cwd = join(tmp, 'cwd');
  mkdirSync(cwd);
  const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: 'xdg', HOME: 'home', LLM_PREFILL_FN_DEBUG: '' };
    delete env.LLM_PREFILL_FN_CACHE_DIR;
    const child = spawn(process.execPath, [FUNCTION_BIN], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(INPUT);
  });
  same(run);
  expect(readdirSync(cwd)).toEqual([]);
});
