import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { setGracePeriod } from './set-grace-period';

describe('setGracePeriod', () => {
  test('template config: the existing pod-level value is updated in place', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setGracePeriod(120)], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.terminationGracePeriodSeconds']);
    expect(r.changes).toEqual([{ path: 'spec.prefill.template.terminationGracePeriodSeconds', description: 'terminationGracePeriodSeconds 60 -> 120' }]);
    expect(r.text).toBe(TEMPLATE_CONFIG.replace('terminationGracePeriodSeconds: 60\n', 'terminationGracePeriodSeconds: 120\n'));
  });

  test('data-parallel config: added to leader and worker pods, as an integer, and nowhere else', () => {
    const r = applyFilters(DP_CONFIG, [setGracePeriod(90)], 'dataParallel');
    expect(r.changedPaths).toEqual(['spec.prefill.template.terminationGracePeriodSeconds', 'spec.prefill.worker.terminationGracePeriodSeconds']);
    expect(r.changes.map((c) => c.description)).toEqual(['terminationGracePeriodSeconds 90', 'terminationGracePeriodSeconds 90']);
    expect(r.text.match(/^ {6}terminationGracePeriodSeconds: 90$/gm)).toHaveLength(2);
  });

  test('the same value already set: no change', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setGracePeriod(60)], 'template');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(TEMPLATE_CONFIG);
  });

  test('running again changes nothing', () => {
    const once = applyFilters(DP_CONFIG, [setGracePeriod(30)], 'dataParallel');
    expect(applyFilters(once.text, [setGracePeriod(30)], 'dataParallel').changes).toEqual([]);
  });
});
