/**
 * LLM_PREFILL_FN_TIMINGS=1 (functions/src/cli/timings.ts, scripts/launcher.cjs): the built
 * function prints, after its run, one line per step with the step's end and duration in ms; the
 * output and the results are those of a run without it. npm run bench reads these lines
 * (scripts/bench/timings.mjs: the same line format as STEP below).
 */
import { PROD_INPUT } from '../support/prod-input';
import { runBin } from '../support/run-bin';

const STEP = /^llm-prefill-fn: +(\d+\.\d) +(-?\d+\.\d)  (.+)$/;
const HEADING = 'llm-prefill-fn: timings (LLM_PREFILL_FN_TIMINGS), ms since the process started and of each step:';

const INPUT = PROD_INPUT;

const stepsOf = (stderr: string) =>
  stderr
    .split('\n')
    .map((l) => STEP.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ at: Number(m[1]), ms: Number(m[2]), label: m[3] }));

describe('LLM_PREFILL_FN_TIMINGS=1', () => {
  test('prints every step of a KRM-mode run in order, after an output equal to that of a run without it', async () => {
    const [plain, timed] = await Promise.all([runBin(INPUT), runBin(INPUT, { LLM_PREFILL_FN_TIMINGS: '1' })]);
    expect(timed.status).toBe(0);
    expect(timed.stdout).toBe(plain.stdout);
    expect(plain.stderr).not.toContain('timings');
    expect(timed.stderr.startsWith(plain.stderr)).toBe(true);
    expect(timed.stderr).toContain(`${HEADING}\n`);
    const steps = stepsOf(timed.stderr);
    // The cache step reads "read ... from the cache directory" or "inflated ... from this file"
    // (first run with this cache directory): compared by its prefix.
    expect(steps.map((s) => s.label.replace(/^(launcher: (read|inflated)) .*/, '$1').replace(/\(\d+ characters\)/, '(N characters)'))).toEqual([
      "node's own start-up, up to the launcher's first line",
      expect.stringMatching(/^launcher: (read|inflated)$/),
      expect.stringMatching(/^launcher: (V8 deserialised the code cache|compiled the bundle \(no code cache V8 accepts\))$/),
      'launcher: loaded node:v8, set the interrupt budget',
      'bundle: modules initialised',
      'read stdin (N characters)',
      'decode (input checked, scanned into items)',
      'read config',
      'plan (services parsed)',
      'patch (configs parsed, edited, linted, reprinted)',
      'validate and summarise',
      'encode',
      'write stdout',
    ]);
    expect(steps.find((s) => s.label.startsWith('read stdin'))?.label).toBe(`read stdin (${INPUT.length} characters)`);
    // Each step ends after the one before, and its duration is the difference (to rounding).
    let previous = 0;
    for (const { at, ms } of steps) {
      expect(at).toBeGreaterThanOrEqual(previous - 0.05);
      expect(Math.abs(at - previous - ms)).toBeLessThanOrEqual(0.11);
      previous = at;
    }
  });

  test('a run that fails early still prints the steps it got through, and exits as without it', async () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
    const [plain, timed] = await Promise.all([runBin(input), runBin(input, { LLM_PREFILL_FN_TIMINGS: '1' })]);
    expect(plain.status).toBe(1);
    expect(timed.status).toBe(1);
    expect(timed.stdout).toBe(plain.stdout);
    const labels = stepsOf(timed.stderr).map((s) => s.label);
    expect(labels).toContain('decode (input checked, scanned into items)');
    expect(labels).not.toContain('read config');
    expect(labels.at(-1)).toBe('write stdout');
  });
});
