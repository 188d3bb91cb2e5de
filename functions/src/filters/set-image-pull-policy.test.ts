import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { setImagePullPolicy } from './set-image-pull-policy';

const MAIN_IMAGE = '          image: ghcr.io/llm-d/llm-d-cuda:v0.8.0\n';

describe('setImagePullPolicy', () => {
  test('template config: only main of the one pod changes, not the sidecar or the init container', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setImagePullPolicy('Always')], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].imagePullPolicy']);
    expect(r.changes).toEqual([{ path: 'spec.prefill.template.containers[name=main].imagePullPolicy', description: 'imagePullPolicy Always' }]);
    // appended as the last key of container main, with its indentation
    expect(r.text).toContain('              name: dshm\n          imagePullPolicy: Always\n        - name: sidecar\n');
  });

  test('data-parallel config: main of leader and worker change', () => {
    const r = applyFilters(DP_CONFIG, [setImagePullPolicy('IfNotPresent')], 'dataParallel');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].imagePullPolicy', 'spec.prefill.worker.containers[0].imagePullPolicy']);
    expect(r.changes.map((c) => c.description)).toEqual(['imagePullPolicy IfNotPresent', 'imagePullPolicy IfNotPresent']);
  });

  test('an existing policy is updated in place, with the old value in the description', () => {
    const input = TEMPLATE_CONFIG.replace(MAIN_IMAGE, `${MAIN_IMAGE}          imagePullPolicy: IfNotPresent # pinned\n`);
    const r = applyFilters(input, [setImagePullPolicy('Always')], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].imagePullPolicy']);
    expect(r.changes.map((c) => c.description)).toEqual(['imagePullPolicy IfNotPresent -> Always']);
    expect(r.text).toBe(input.replace('imagePullPolicy: IfNotPresent # pinned', 'imagePullPolicy: Always # pinned'));
  });

  test('the same policy already set: no change, text untouched', () => {
    const input = TEMPLATE_CONFIG.replace(MAIN_IMAGE, `${MAIN_IMAGE}          imagePullPolicy: Always\n`);
    const r = applyFilters(input, [setImagePullPolicy('Always')], 'template');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(input);
  });

  test('running again changes nothing', () => {
    for (const [config, role] of [[TEMPLATE_CONFIG, 'template'], [DP_CONFIG, 'dataParallel']] as const) {
      const once = applyFilters(config, [setImagePullPolicy('Never')], role);
      expect(once.changes).toHaveLength(role === 'template' ? 1 : 2);
      expect(applyFilters(once.text, [setImagePullPolicy('Never')], role).changes).toEqual([]);
    }
  });
});
