import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { setImage } from './set-image';

describe('setImage', () => {
  test('template config: only main of the one pod changes', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setImage('x/y:v2')], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].image']);
    expect(r.text).toContain('image: x/y:v2\n');
  });

  test('data-parallel config: main of leader and worker change', () => {
    const r = applyFilters(DP_CONFIG, [setImage('x/y:v2')], 'dataParallel');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].image', 'spec.prefill.worker.containers[0].image']);
  });

  test('running again changes nothing', () => {
    const once = applyFilters(DP_CONFIG, [setImage('x/y:v2')], 'dataParallel');
    expect(applyFilters(once.text, [setImage('x/y:v2')], 'dataParallel').changes).toEqual([]);
  });
});
