/**
 * LLM_PREFILL_FN_TIMINGS=1: where one KRM-mode run's time goes, printed on stderr when the run is
 * over. The launcher (scripts/launcher.cjs) starts the list and records its own steps before the
 * bundle runs; the CLI and the pipeline's stages add theirs. Every step is stamped in ms since the
 * process started (process.uptime), so the first one is node's own start-up, the part of a run
 * that no function on node can avoid. `npm run bench` reads these lines (scripts/bench/timings.mjs).
 * With the variable unset the list does not exist and every mark is a no-op.
 */
export const TIMINGS_ENV = 'LLM_PREFILL_FN_TIMINGS';

/** The end of a step: what was done, and when (ms since the process started). */
export type Step = readonly [label: string, at: number];

/** Where the launcher puts the list: a registered symbol, the same in launcher and bundle. */
const STEPS = Symbol.for('llm-prefill-fn.timings');

type WithSteps = { [STEPS]?: Step[] };

/** The steps recorded so far, or undefined when timings are off. */
export function recordedSteps(): readonly Step[] | undefined {
  return (globalThis as WithSteps)[STEPS];
}

/** Records that a step ended now. */
export function mark(label: string): void {
  (globalThis as WithSteps)[STEPS]?.push([label, process.uptime() * 1000]);
}

/** The table printed on stderr: per step its end ("at") and its own duration. */
export function formatTimings(steps: readonly Step[]): string {
  const lines = ['timings (LLM_PREFILL_FN_TIMINGS), ms since the process started and of each step:'];
  let previous = 0;
  for (const [label, at] of steps) {
    lines.push(`${at.toFixed(1).padStart(8)} ${(at - previous).toFixed(1).padStart(7)}  ${label}`);
    previous = at;
  }
  return lines.map((l) => `llm-prefill-fn: ${l}\n`).join('');
}
