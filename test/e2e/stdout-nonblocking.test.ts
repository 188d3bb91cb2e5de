/**
 * KRM mode writes stdout with blocking writes of descriptor 1 (functions/src/cli/stdout.ts). A
 * descriptor handed over in non-blocking mode fails such a write with EAGAIN once the pipe is
 * full: the rest, and everything after it, must go through process.stdout, whole and in order.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runBin } from '../support/run-bin';
import { FUNCTION_BIN } from '../support/tools';

const item = (i: number) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c${i}\n  data:\n    v: "${'x'.repeat(2000)}é"\n`;
const INPUT =
  'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' +
  Array.from({ length: 1500 }, (_, i) => item(i)).join('') +
  'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: x, ifMissing: ignore}\n';

test('stdout handed over non-blocking, read slowly: the writes that fail with EAGAIN go to the stream', async () => {
  const expected = await runBin(INPUT);
  expect(expected.status).toBe(0);
  const preload = join(__dirname, '../support/stdout-nonblocking.cjs');
  const child = spawn(process.execPath, ['-r', preload, FUNCTION_BIN], { env: { ...process.env, LLM_PREFILL_FN_DEBUG: '1', LLM_PREFILL_FN_CACHE_DIR: '' } });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  // Reads nothing until the function has met a full pipe, then everything.
  child.stdout.pause();
  const stdout: Buffer[] = [];
  const fellBack = 'llm-prefill-fn: debug: stdout: a blocking write failed (EAGAIN): the rest goes to the stream\n';
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const switched = new Promise<void>((resolve) => child.stderr.on('data', () => stderr.includes(fellBack) && resolve()));
  child.stdin.end(INPUT);
  await Promise.race([switched, closed]);
  child.stdout.on('data', (b: Buffer) => stdout.push(b));
  child.stdout.resume();
  expect(await closed).toBe(0);
  expect(stderr).toContain(fellBack);
  expect(Buffer.concat(stdout).toString('utf8')).toBe(expected.stdout);
});
