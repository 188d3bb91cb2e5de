/** Runs the built function as kpt and kustomize do: input on stdin, stdout and stderr captured. */
import { spawn } from 'node:child_process';
import { FUNCTION_BIN } from './tools';

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Asynchronous, so that tests can run several at once. `nodeArgs` go before the script (e.g. a
 * `-r` preload); after `timeoutMs` the process is killed (the result then has a signal): that
 * catches a hang, so it is minutes, never a speed target (a run takes well under a second; on a
 * busy machine, with tests running side by side, many times that).
 * LLM_PREFILL_FN_DEBUG is cleared unless `env` sets it.
 */
export function runBin(input: string | Buffer, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = [], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...nodeArgs, FUNCTION_BIN], { env: { ...process.env, LLM_PREFILL_FN_DEBUG: '', ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // the function may exit before reading everything
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started });
    });
    child.stdin.end(input);
  });
}
