import { parse } from 'yaml';
import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { setSharedMemory } from './set-shared-memory';

const DSHM_1GI = '        - name: dshm\n          emptyDir:\n            medium: Memory\n            sizeLimit: 1Gi\n';
const MOUNT = '          volumeMounts:\n            - mountPath: /dev/shm\n              name: dshm\n';
/** The template config as upstream has it: other volumes, main mounting them, no dshm. */
const NO_DSHM = TEMPLATE_CONFIG.replace(DSHM_1GI, '        - name: home\n          emptyDir: {}\n').replace(
  MOUNT,
  '          volumeMounts:\n            - mountPath: /home\n              name: home\n',
);

type Pod = { containers: { name: string; volumeMounts?: unknown[] }[]; initContainers?: unknown[]; volumes?: unknown[] };
function pod(after: unknown, key: 'template' | 'worker' = 'template'): Pod {
  return (after as { spec: { prefill: Record<string, Pod> } }).spec.prefill[key];
}

describe('setSharedMemory', () => {
  test('template config: the dshm sizeLimit is updated in place', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setSharedMemory('8Gi')], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.volumes[0].emptyDir.sizeLimit']);
    expect(r.changes).toEqual([{ path: 'spec.prefill.template.volumes[name=dshm].emptyDir.sizeLimit', description: 'dshm sizeLimit 1Gi -> 8Gi' }]);
    expect(r.text).toBe(TEMPLATE_CONFIG.replace('sizeLimit: 1Gi', 'sizeLimit: 8Gi'));
  });

  test('data-parallel config: leader and worker', () => {
    const r = applyFilters(DP_CONFIG, [setSharedMemory('16Gi')], 'dataParallel');
    expect(r.changedPaths).toEqual(['spec.prefill.template.volumes[0].emptyDir.sizeLimit', 'spec.prefill.worker.volumes[0].emptyDir.sizeLimit']);
    expect(r.changes.map((c) => c.description)).toEqual(['dshm sizeLimit 8Gi -> 16Gi', 'dshm sizeLimit 8Gi -> 16Gi']);
    expect(r.text).toBe(DP_CONFIG.replace(/sizeLimit: 8Gi/g, 'sizeLimit: 16Gi'));
  });

  test('the same size already set: no change', () => {
    const r = applyFilters(DP_CONFIG, [setSharedMemory('8Gi')], 'dataParallel');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(DP_CONFIG);
  });

  test('typing: an integer size is written as an integer, and equal text is no change', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setSharedMemory(1073741824)], 'template');
    expect(r.text).toContain('            sizeLimit: 1073741824\n');
    expect(applyFilters(r.text, [setSharedMemory('1073741824')], 'template').changes).toEqual([]);
    const quoted = applyFilters(TEMPLATE_CONFIG, [setSharedMemory('2000000000')], 'template');
    expect(quoted.text).toContain('            sizeLimit: "2000000000"\n');
  });

  test('no dshm volume: the volume is appended and main gets the /dev/shm mount', () => {
    const r = applyFilters(NO_DSHM, [setSharedMemory('8Gi')], 'template');
    expect(r.changedPaths).toEqual([
      'spec.prefill.template.containers[0].volumeMounts[1].mountPath',
      'spec.prefill.template.containers[0].volumeMounts[1].name',
      'spec.prefill.template.volumes[1].emptyDir.medium',
      'spec.prefill.template.volumes[1].emptyDir.sizeLimit',
      'spec.prefill.template.volumes[1].name',
    ]);
    expect(r.changes).toEqual([
      { path: 'spec.prefill.template.volumes[name=dshm]', description: 'dshm volume 8Gi' },
      { path: 'spec.prefill.template.containers[name=main].volumeMounts[mountPath=/dev/shm]', description: 'dshm mount /dev/shm' },
    ]);
    expect(r.text).toContain('        - name: home\n          emptyDir: {}\n        - name: dshm\n          emptyDir:\n            medium: Memory\n            sizeLimit: 8Gi\n');
    expect(r.text).toContain('            - mountPath: /home\n              name: home\n            - name: dshm\n              mountPath: /dev/shm\n');
  });

  test('no dshm volume but something already mounted at /dev/shm: only the volume is added', () => {
    const input = NO_DSHM.replace('            - mountPath: /home\n', '            - mountPath: /dev/shm\n              name: shm\n            - mountPath: /home\n');
    const r = applyFilters(input, [setSharedMemory('8Gi')], 'template');
    expect(r.changedPaths.every((p) => p.startsWith('spec.prefill.template.volumes[1].'))).toBe(true);
    expect(r.changes.map((c) => c.description)).toEqual(['dshm volume 8Gi']);
  });

  // Two insertions at one source offset (volumeMounts at the end of main, the last container, and
  // volumes at the end of the pod spec): the mount must stay inside main.
  test('data-parallel config with no volumes list at all', () => {
    const input = DP_CONFIG.replace(/ {6}volumes:\n {8}- name: dshm\n {10}emptyDir:\n {12}medium: Memory\n {12}sizeLimit: 8Gi\n/g, '');
    const r = applyFilters(input, [setSharedMemory('4Gi')], 'dataParallel');
    expect(r.changes).toHaveLength(4);
    for (const key of ['template', 'worker'] as const) {
      expect(pod(r.after, key).volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } }]);
      expect(pod(r.after, key).containers[0].volumeMounts).toEqual([{ name: 'dshm', mountPath: '/dev/shm' }]);
    }
    expect(applyFilters(r.text, [setSharedMemory('4Gi')], 'dataParallel').changes).toEqual([]);
  });

  test('a dshm volume without emptyDir gets a memory-backed one; other volume fields stay', () => {
    const input = TEMPLATE_CONFIG.replace(DSHM_1GI, '        - name: dshm\n');
    const r = applyFilters(input, [setSharedMemory('2Gi')], 'template');
    expect(pod(r.after).volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } }]);
    expect(r.changes.map((c) => c.description)).toEqual(['dshm sizeLimit 2Gi']);
    const noSize = applyFilters(TEMPLATE_CONFIG.replace('            sizeLimit: 1Gi\n', ''), [setSharedMemory('2Gi')], 'template');
    expect(noSize.changedPaths).toEqual(['spec.prefill.template.volumes[0].emptyDir.sizeLimit']);
    expect(noSize.text).toContain('            medium: Memory\n            sizeLimit: 2Gi\n');
  });

  test('a flow-style emptyDir is updated in flow style', () => {
    const input = TEMPLATE_CONFIG.replace(DSHM_1GI, '        - name: dshm\n          emptyDir: {medium: Memory, sizeLimit: 1Gi}\n');
    const r = applyFilters(input, [setSharedMemory('8Gi')], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.volumes[0].emptyDir.sizeLimit']);
    expect(r.text).toContain('          emptyDir: {medium: Memory, sizeLimit: 8Gi}\n');
  });

  test('init and sidecar containers are never given the mount', () => {
    const r = applyFilters(NO_DSHM, [setSharedMemory('8Gi')], 'template');
    const after = parse(r.text) as { spec: { prefill: { template: Pod } } };
    expect(after.spec.prefill.template.initContainers).toEqual([{ name: 'init', image: 'busybox' }]);
    expect(after.spec.prefill.template.containers[1]).toEqual({ name: 'sidecar', image: 'example.com/sidecar:v1' });
  });

  test('running again changes nothing', () => {
    for (const [config, role] of [[TEMPLATE_CONFIG, 'template'], [NO_DSHM, 'template'], [DP_CONFIG, 'dataParallel']] as const) {
      const once = applyFilters(config, [setSharedMemory('12Gi')], role);
      expect(once.changes.length).toBeGreaterThan(0);
      const twice = applyFilters(once.text, [setSharedMemory('12Gi')], role);
      expect(twice.changes).toEqual([]);
      expect(twice.text).toBe(once.text);
    }
  });
});
