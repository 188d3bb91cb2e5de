/** KRM mode: ResourceList on stdin -> ResourceList on stdout, logs on stderr, exit code. */
import { readFileSync } from 'node:fs';
import { runFunctionSafely } from '../pipeline';
import type { Result } from '../krm/results';

export function runKrmMode(): number {
  if (process.stdin.isTTY) process.stderr.write('llm-prefill-fn: reading a ResourceList from stdin (Ctrl-D to end; see --help)\n');
  const input = readFileSync(0, 'utf8');
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
