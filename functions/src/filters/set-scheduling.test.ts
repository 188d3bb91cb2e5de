import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { setScheduling } from './set-scheduling';
import type { Scheduling } from '../config/types';

const GRACE = '      terminationGracePeriodSeconds: 60\n';
/** TEMPLATE_CONFIG with scheduling already set on the pod. */
const SCHEDULED = TEMPLATE_CONFIG.replace(
  GRACE,
  `${GRACE}      nodeSelector:
        pool: a100 # old pool
        zone: z1
      tolerations:
        - key: nvidia.com/gpu
          operator: Exists
          effect: NoSchedule
      priorityClassName: normal
`,
);
const TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
const AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'In', values: ['h100'] }] }] },
  },
};
const FULL: Scheduling = { nodeSelector: { pool: 'h100' }, tolerations: [TOLERATION], affinity: AFFINITY, priorityClassName: 'high', serviceAccountName: 'prefill' };

type Pod = Record<string, unknown> & { containers: unknown[] };
function pod(after: unknown, key: 'template' | 'worker' = 'template'): Pod {
  return (after as { spec: { prefill: Record<string, Pod> } }).spec.prefill[key];
}

describe('setScheduling', () => {
  test('template config: every field lands on the pod spec, nowhere else', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setScheduling(FULL)], 'template');
    const at = (p: string) => `spec.prefill.template.${p}`;
    expect(r.changedPaths).toEqual([
      at('affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key'),
      at('affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator'),
      at('affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]'),
      at('nodeSelector.pool'),
      at('priorityClassName'),
      at('serviceAccountName'),
      at('tolerations[0].effect'),
      at('tolerations[0].key'),
      at('tolerations[0].operator'),
    ]);
    expect(r.changes).toEqual([
      { path: at('nodeSelector.pool'), description: 'nodeSelector pool=h100' },
      { path: at('tolerations'), description: 'tolerations (1)' },
      { path: at('affinity'), description: 'affinity' },
      { path: at('priorityClassName'), description: 'priorityClassName high' },
      { path: at('serviceAccountName'), description: 'serviceAccountName prefill' },
    ]);
    expect(r.text).toContain(`          sizeLimit: 1Gi
      nodeSelector:
        pool: h100
      tolerations:
        - key: nvidia.com/gpu
          operator: Exists
          effect: NoSchedule
      affinity:
        nodeAffinity:
`);
    expect(r.text).toContain('      priorityClassName: high\n      serviceAccountName: prefill\n');
  });

  test('data-parallel config: leader and worker pods', () => {
    const r = applyFilters(DP_CONFIG, [setScheduling({ nodeSelector: { pool: 'h100' }, serviceAccountName: 'prefill' })], 'dataParallel');
    expect(r.changedPaths).toEqual([
      'spec.prefill.template.nodeSelector.pool',
      'spec.prefill.template.serviceAccountName',
      'spec.prefill.worker.nodeSelector.pool',
      'spec.prefill.worker.serviceAccountName',
    ]);
  });

  test('nodeSelector merges key by key: other keys and comments stay', () => {
    const r = applyFilters(SCHEDULED, [setScheduling({ nodeSelector: { pool: 'h100', rack: 'r7' } })], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.nodeSelector.pool', 'spec.prefill.template.nodeSelector.rack']);
    expect(r.text).toContain('      nodeSelector:\n        pool: h100 # old pool\n        zone: z1\n        rack: r7\n');
  });

  test('nodeSelector values are strings: quoted when they would read back as another type', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setScheduling({ nodeSelector: { 'gpu.enabled': 'true', generation: '9' } })], 'template');
    expect(r.text).toContain('      nodeSelector:\n        gpu.enabled: "true"\n        generation: "9"\n');
    expect(pod(r.after).nodeSelector).toEqual({ 'gpu.enabled': 'true', generation: '9' });
  });

  test('a flow-style nodeSelector is merged in flow style', () => {
    const input = TEMPLATE_CONFIG.replace(GRACE, `${GRACE}      nodeSelector: {pool: a100}\n`);
    const r = applyFilters(input, [setScheduling({ nodeSelector: { zone: 'z2' } })], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.nodeSelector.zone']);
    expect(r.text).toContain('      nodeSelector: {pool: a100, zone: z2}\n');
  });

  test('tolerations equal in content (key order aside): no change', () => {
    const reordered = { effect: 'NoSchedule', operator: 'Exists', key: 'nvidia.com/gpu' };
    const r = applyFilters(SCHEDULED, [setScheduling({ tolerations: [reordered], priorityClassName: 'normal' })], 'template');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(SCHEDULED);
  });

  test('different tolerations replace the whole list', () => {
    const r = applyFilters(SCHEDULED, [setScheduling({ tolerations: [{ key: 'pool', operator: 'Equal', value: 'h100' }] })], 'template');
    expect(pod(r.after).tolerations).toEqual([{ key: 'pool', operator: 'Equal', value: 'h100' }]);
    expect(r.changes).toEqual([{ path: 'spec.prefill.template.tolerations', description: 'tolerations (1)' }]);
    expect(r.text).toContain('      tolerations:\n        - key: pool\n          operator: Equal\n          value: h100\n      priorityClassName: normal\n');
  });

  test('empty values: equal to absent, so added nowhere; they clear what is set', () => {
    const empty: Scheduling = { nodeSelector: {}, tolerations: [], affinity: {}, priorityClassName: '', serviceAccountName: '' };
    const none = applyFilters(TEMPLATE_CONFIG, [setScheduling(empty)], 'template');
    expect(none.changes).toEqual([]);
    expect(none.text).toBe(TEMPLATE_CONFIG);
    const cleared = applyFilters(SCHEDULED, [setScheduling(empty)], 'template');
    expect(cleared.changes.map((c) => c.description)).toEqual(['tolerations cleared', 'priorityClassName cleared']);
    expect(cleared.text).toContain('      tolerations: []\n      priorityClassName: ""\n');
    expect(pod(cleared.after)).toMatchObject({ tolerations: [], priorityClassName: '', nodeSelector: { pool: 'a100', zone: 'z1' } });
    expect(applyFilters(cleared.text, [setScheduling(empty)], 'template').changes).toEqual([]);
  });

  test('an existing priorityClassName is updated in place', () => {
    const r = applyFilters(SCHEDULED, [setScheduling({ priorityClassName: 'high' })], 'template');
    expect(r.text).toBe(SCHEDULED.replace('priorityClassName: normal', 'priorityClassName: high'));
  });

  test('running again changes nothing', () => {
    for (const [config, role] of [[TEMPLATE_CONFIG, 'template'], [SCHEDULED, 'template'], [DP_CONFIG, 'dataParallel']] as const) {
      const once = applyFilters(config, [setScheduling(FULL)], role);
      expect(once.changes.length).toBeGreaterThan(0);
      const twice = applyFilters(once.text, [setScheduling(FULL)], role);
      expect(twice.changes).toEqual([]);
      expect(twice.text).toBe(once.text);
    }
  });
});
