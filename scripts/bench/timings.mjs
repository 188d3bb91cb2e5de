// The function's own account of where a run's time goes: runs it with LLM_PREFILL_FN_TIMINGS=1
// (functions/src/cli/timings.ts) and reads the table it prints on stderr.
import { spawnSync } from 'node:child_process';

// "llm-prefill-fn:    49.6     2.2  launcher: read ...": the step's end, its duration, its label.
const STEP = /^llm-prefill-fn: +(\d+\.\d) +(-?\d+\.\d)  (.+)$/;

/** The steps of one run's stderr, in order: [{ label, at, ms }]. */
export function parseSteps(stderr) {
  const steps = [];
  for (const line of stderr.split('\n')) {
    const m = STEP.exec(line);
    if (m) steps.push({ label: m[3], at: Number(m[1]), ms: Number(m[2]) });
  }
  return steps;
}

/**
 * Per step, the median of its duration over `runs` runs of a contender ({ argv, env }, as
 * scripts/bench.mjs has them) on `input` (after one run that fills the cache directory); labels
 * in the order of the first run.
 */
export function medianSteps({ argv: [command, ...args], env: own = {} }, input, runs) {
  const env = { ...process.env, ...own, LLM_PREFILL_FN_TIMINGS: '1' };
  const once = () => {
    const run = spawnSync(command, args, { input, env, maxBuffer: 1 << 30, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`timed run exited ${run.status ?? run.signal}: ${run.stderr.slice(0, 500)}`);
    return parseSteps(run.stderr);
  };
  once();
  const all = Array.from({ length: runs }, once);
  if (all[0].length === 0) throw new Error('LLM_PREFILL_FN_TIMINGS=1 printed no steps (is dist/ built from this source?)');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return all[0].map(({ label }) => ({ label, ms: median(all.map((steps) => steps.find((s) => s.label === label)?.ms ?? NaN)) }));
}
