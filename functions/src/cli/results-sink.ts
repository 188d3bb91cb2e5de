/**
 * How `render` hears from every run of the function inside kustomize or kpt: it names a file in
 * LLM_PREFILL_FN_RESULTS, the engines hand their environment down (kustomize and kpt to exec
 * functions and to `docker`, render's docker shim to the function), and each run appends one
 * JSON line with its results. kustomize drops results, so without this they would be lost.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Result } from '../krm/results';

export const RESULTS_ENV = 'LLM_PREFILL_FN_RESULTS';

/** One run of the function: its results, in the order the run reported them. */
export interface RunRecord {
  results: Result[];
}

export function appendRun(file: string, record: RunRecord): void {
  // One write per run (O_APPEND): engines run functions one at a time, but a line is never torn.
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

export function readRuns(file: string): RunRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RunRecord);
}
