/** KRM mode: ResourceList on stdin -> ResourceList on stdout, logs on stderr, exit code. */
import { failedBeforeDecode, runFunctionSafely, type RunOutput } from '../pipeline';
import { error, type Result } from '../krm/results';
import { readInput } from './stdin';

export async function runKrmMode(): Promise<number> {
  if (process.stdin.isTTY) process.stderr.write('llm-prefill-fn: reading a ResourceList from stdin (Ctrl-D to end; see --help)\n');
  let out: RunOutput;
  try {
    const input = await readInput();
    out = input.problem ? failedBeforeDecode([input.problem]) : runFunctionSafely(input.text, process.env);
  } catch (e) {
    // Reading stdin failed (EIO, a closed descriptor): still a ResourceList that says so.
    const err = e instanceof Error ? e : new Error(String(e));
    if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
    out = failedBeforeDecode([error(`cannot read stdin: ${err.message}`)]);
  }
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

/** All of stdin as text (preview mode), within the input limit. */
export async function readStdin(): Promise<string> {
  const input = await readInput();
  if (input.problem) throw new Error(input.problem.message);
  return input.text;
}
