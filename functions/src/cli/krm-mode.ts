/** KRM mode: ResourceList on stdin -> ResourceList on stdout, logs on stderr, exit code. */
import { failedBeforeDecode, runFunctionSafely, type RunOutput } from '../pipeline';
import { error, type Result } from '../krm/results';
import { fstatSync } from 'node:fs';
import { readStandardInput } from './stdin';
import { findingLine, outcomeLine, stderrStyle } from './report';
import { appendRun, RESULTS_ENV } from './results-sink';
import { Stdout } from './stdout';
import { formatTimings, mark, recordedSteps } from './timings';

/** Set (to anything but "" or 0) to keep warnings off stderr; errors are always printed. */
export const QUIET_ENV = 'LLM_PREFILL_FN_QUIET';

export async function runKrmMode(): Promise<number> {
  if (await stdinIsTerminal()) process.stderr.write('llm-prefill-fn: reading a ResourceList from stdin (Ctrl-D to end; see --help)\n');
  let out: RunOutput;
  try {
    const input = await readStandardInput();
    if (input.problem) {
      mark('read stdin (not a text the function can read)');
      out = failedBeforeDecode([input.problem]);
    } else {
      mark(`read stdin (${input.text.length} characters)`);
      out = runFunctionSafely(input.text, process.env, mark);
    }
  } catch (e) {
    // Reading stdin failed (EIO, a closed descriptor): still a ResourceList that says so.
    const err = e instanceof Error ? e : new Error(String(e));
    if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
    out = failedBeforeDecode([error(`cannot read stdin: ${err.message}`)]);
  }
  const stdout = new Stdout();
  writeOut(out.text, (piece) => stdout.write(piece));
  mark('write stdout');
  reportRun(out.results);
  const steps = recordedSteps();
  if (steps) process.stderr.write(formatTimings(steps));
  return out.failed ? 1 : 0;
}

/**
 * Under `render` the results go to its file (render prints them, with their source files);
 * otherwise kustomize drops results, so errors and warnings reach a person through stderr, one
 * line each, with the outcome last. A clean run prints nothing.
 */
function reportRun(results: readonly Result[]): void {
  const sink = process.env[RESULTS_ENV];
  if (sink) {
    try {
      appendRun(sink, { results: [...results] });
      return;
    } catch (e) {
      process.stderr.write(`llm-prefill-fn: cannot write the results to ${RESULTS_ENV}=${sink}: ${(e as Error).message}\n`);
    }
  }
  const quiet = Boolean(process.env[QUIET_ENV]) && process.env[QUIET_ENV] !== '0';
  const shown = results.filter((r) => r.severity === 'error' || (r.severity === 'warning' && !quiet));
  if (shown.length === 0) return;
  const style = stderrStyle();
  for (const r of shown) process.stderr.write(`llm-prefill-fn: ${findingLine(r, style, true)}\n`);
  process.stderr.write(`llm-prefill-fn: ${outcomeLine(shown, style)}\n`);
}

/**
 * isatty, not process.stdin.isTTY: creating process.stdin would make a pipe non-blocking
 * (stdin.ts). node:tty is loaded only for a character device: it loads node:net (~2 ms).
 */
async function stdinIsTerminal(): Promise<boolean> {
  try {
    if (!fstatSync(0).isCharacterDevice()) return false;
  } catch {
    return false; // no descriptor 0: reading it says so
  }
  const { isatty } = await import('node:tty');
  return isatty(0);
}

/**
 * stdout in pieces of about 1 MiB: one write of a large output would first copy all of it into
 * one more buffer (the output can be hundreds of MB). A piece never ends between the two halves
 * of a surrogate pair (each half alone would be written as U+FFFD).
 */
export function writeOut(text: string, write: (piece: string) => unknown): void {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + (1 << 20), text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    write(text.slice(at, end));
    at = end;
  }
}

export { formatResult } from './report';

/** All of stdin as text (preview mode), within the input limit. */
export async function readStdin(): Promise<string> {
  const input = await readStandardInput();
  if (input.problem) throw new Error(input.problem.message);
  return input.text;
}
