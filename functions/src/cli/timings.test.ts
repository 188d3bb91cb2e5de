import { formatTimings, mark, recordedSteps, type Step } from './timings';

const STEPS = Symbol.for('llm-prefill-fn.timings');
type WithSteps = { [STEPS]?: Step[] };

afterEach(() => {
  delete (globalThis as WithSteps)[STEPS];
});

describe('mark', () => {
  test('records nothing when the launcher did not start the list (timings off)', () => {
    mark('decode');
    expect(recordedSteps()).toBeUndefined();
    expect((globalThis as WithSteps)[STEPS]).toBeUndefined();
  });

  test("appends the step to the launcher's list, stamped in ms since the process started", () => {
    const list: Step[] = [["node's own start-up", 1]];
    (globalThis as WithSteps)[STEPS] = list;
    const before = process.uptime() * 1000;
    mark('decode');
    const after = process.uptime() * 1000;
    expect(recordedSteps()).toBe(list);
    expect(list).toHaveLength(2);
    const [label, at] = list[1];
    expect(label).toBe('decode');
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });
});

describe('formatTimings', () => {
  test("prints each step's end and its own duration, the first step counted from 0", () => {
    const text = formatTimings([
      ["node's own start-up", 48.44],
      ['launcher: read', 50.6],
      ['decode', 1234.25],
    ]);
    expect(text.split('\n')).toEqual([
      'llm-prefill-fn: timings (LLM_PREFILL_FN_TIMINGS), ms since the process started and of each step:',
      "llm-prefill-fn:     48.4    48.4  node's own start-up",
      'llm-prefill-fn:     50.6     2.2  launcher: read',
      'llm-prefill-fn:   1234.3  1183.7  decode',
      '',
    ]);
  });

  test('an empty list is the heading alone', () => {
    expect(formatTimings([])).toBe('llm-prefill-fn: timings (LLM_PREFILL_FN_TIMINGS), ms since the process started and of each step:\n');
  });
});
