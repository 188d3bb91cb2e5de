/** KRM mode: ResourceList on stdin -> ResourceList on stdout, logs on stderr, exit code. */
import { runFunctionSafely } from '../pipeline';
import type { Result } from '../krm/results';

export async function runKrmMode(): Promise<number> {
  if (process.stdin.isTTY) process.stderr.write('llm-prefill-fn: reading a ResourceList from stdin (Ctrl-D to end; see --help)\n');
  const input = await readStdin();
  const out = runFunctionSafely(input, process.env);
  process.stdout.write(out.text);
  // kustomize drops results: errors must reach a person through stderr too.
  for (const r of out.results.filter((r) => r.severity === 'error')) process.stderr.write(`llm-prefill-fn: error: ${formatResult(r)}\n`);
  return out.failed ? 1 : 0;
}

export function formatResult(r: Result): string {
  const ref = r.resourceRef ? `${[r.resourceRef.kind, r.resourceRef.namespace, r.resourceRef.name].filter(Boolean).join('/')}: ` : '';
  const field = r.field ? `${r.field.path}: ` : '';
  return `${ref}${field}${r.message}`;
}

/**
 * All of stdin. Read as a stream: readFileSync(0) fails with EAGAIN when stdin is a non-blocking
 * pipe (as a parent process may hand it over) and the input is larger than the pipe's buffer.
 */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
