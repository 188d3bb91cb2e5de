import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { setResources } from './set-resources';
import type { Resources } from '../config/types';

const SECURITY = '          securityContext:\n';
/** TEMPLATE_CONFIG with a resources block on main, and on the sidecar (which must stay as it is). */
const WITH_RESOURCES = TEMPLATE_CONFIG.replace(
  SECURITY,
  `          resources:
            requests:
              cpu: 32
              memory: 128Gi
            limits:
              cpu: 64 # upper bound
              memory: 128Gi
              example.com/fpga: "2"
${SECURITY}`,
).replace('          image: example.com/sidecar:v1\n', '          image: example.com/sidecar:v1\n          resources: {limits: {cpu: 1}}\n');
const MAIN = 'spec.prefill.template.containers[0].resources';

const FULL: Resources = { gpus: 8, cpu: { requests: '64', limits: '128' }, memory: '256Gi', ephemeralStorage: '100Gi', rdma: { resource: 'rdma/roce_gdr' } };

/** main's resources (container 0) of a pod in a parsed config. */
function mainResources(after: unknown, pod: 'template' | 'worker' = 'template'): unknown {
  const spec = after as { spec: { prefill: Record<string, { containers: { resources?: unknown }[] }> } };
  return spec.spec.prefill[pod].containers[0].resources;
}

describe('setResources', () => {
  test('existing maps are merged key by key; unnamed keys, comments and the sidecar stay', () => {
    const r = applyFilters(WITH_RESOURCES, [setResources(FULL)], 'template');
    expect(r.changedPaths).toEqual([
      `${MAIN}.limits.cpu`,
      `${MAIN}.limits.ephemeral-storage`,
      `${MAIN}.limits.memory`,
      `${MAIN}.limits.nvidia.com/gpu`,
      `${MAIN}.limits.rdma/roce_gdr`,
      `${MAIN}.requests.cpu`,
      `${MAIN}.requests.ephemeral-storage`,
      `${MAIN}.requests.memory`,
      `${MAIN}.requests.nvidia.com/gpu`,
      `${MAIN}.requests.rdma/roce_gdr`,
    ]);
    expect(mainResources(r.after)).toEqual({
      requests: { cpu: '64', memory: '256Gi', 'nvidia.com/gpu': '8', 'ephemeral-storage': '100Gi', 'rdma/roce_gdr': 1 },
      limits: { cpu: '128', memory: '256Gi', 'example.com/fpga': '2', 'nvidia.com/gpu': '8', 'ephemeral-storage': '100Gi', 'rdma/roce_gdr': 1 },
    });
    expect(r.text).toContain(`          resources:
            requests:
              cpu: "64"
              memory: 256Gi
              nvidia.com/gpu: "8"
              ephemeral-storage: 100Gi
              rdma/roce_gdr: 1
            limits:
              cpu: "128" # upper bound
              memory: 256Gi
              example.com/fpga: "2"
              nvidia.com/gpu: "8"
              ephemeral-storage: 100Gi
              rdma/roce_gdr: 1
`);
    expect(r.text).toContain('          resources: {limits: {cpu: 1}}\n');
  });

  test('descriptions: one per resource for requests and limits together, the section when given apart', () => {
    const r = applyFilters(WITH_RESOURCES, [setResources({ gpus: 8, cpu: { requests: '64', limits: '128' } })], 'template');
    expect(r.changes).toEqual([
      { path: 'spec.prefill.template.containers[name=main].resources.requests.nvidia.com/gpu', description: 'resources nvidia.com/gpu=8' },
      { path: 'spec.prefill.template.containers[name=main].resources.limits.nvidia.com/gpu', description: 'resources nvidia.com/gpu=8' },
      { path: 'spec.prefill.template.containers[name=main].resources.requests.cpu', description: 'resources requests.cpu=64' },
      { path: 'spec.prefill.template.containers[name=main].resources.limits.cpu', description: 'resources limits.cpu=128' },
    ]);
  });

  test('template config without resources: the map is created on main only', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setResources({ gpus: 4, memory: '64Gi' })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.limits.memory`, `${MAIN}.limits.nvidia.com/gpu`, `${MAIN}.requests.memory`, `${MAIN}.requests.nvidia.com/gpu`]);
    expect(mainResources(r.after)).toEqual({ requests: { 'nvidia.com/gpu': '4', memory: '64Gi' }, limits: { 'nvidia.com/gpu': '4', memory: '64Gi' } });
    expect(r.text).toContain(`              name: dshm
          resources:
            requests:
              nvidia.com/gpu: "4"
              memory: 64Gi
            limits:
              nvidia.com/gpu: "4"
              memory: 64Gi
        - name: sidecar
`);
  });

  test('data-parallel config: leader and worker main, nothing else', () => {
    const r = applyFilters(DP_CONFIG, [setResources(FULL)], 'dataParallel');
    const leaves = (pod: string) =>
      ['cpu', 'ephemeral-storage', 'memory', 'nvidia.com/gpu', 'rdma/roce_gdr'].flatMap((k) => [`limits.${k}`, `requests.${k}`]).sort().map((k) => `spec.prefill.${pod}.containers[0].resources.${k}`);
    expect(r.changedPaths).toEqual([...leaves('template'), ...leaves('worker')]);
    expect(mainResources(r.after, 'worker')).toEqual(mainResources(r.after, 'template'));
    expect(r.text.match(/^ {14}nvidia\.com\/gpu: "8"$/gm)).toHaveLength(4);
    expect(r.changes).toHaveLength(20);
  });

  test('typing: a string stays a string, an integer an integer', () => {
    const r = applyFilters(WITH_RESOURCES, [setResources({ cpu: 16, memory: { limits: '512Gi' } })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.limits.cpu`, `${MAIN}.limits.memory`, `${MAIN}.requests.cpu`]);
    expect(r.text).toContain('            requests:\n              cpu: 16\n              memory: 128Gi\n');
    expect(r.text).toContain('            limits:\n              cpu: 16 # upper bound\n              memory: 512Gi\n');
    const quoted = applyFilters(WITH_RESOURCES.replace('cpu: 32', 'cpu: "32"'), [setResources({ cpu: 48 })], 'template');
    expect(quoted.text).toContain('              cpu: 48\n');
    expect(mainResources(quoted.after)).toMatchObject({ requests: { cpu: 48 }, limits: { cpu: 48 } });
  });

  test('a value that reads back as the same text is unchanged, whatever its type', () => {
    // existing cpu 32 / 64 are integers; the config gives strings
    const r = applyFilters(WITH_RESOURCES, [setResources({ cpu: { requests: '32', limits: '64' } })], 'template');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(WITH_RESOURCES);
    // existing gpus as an integer, the config's count
    const gpus = WITH_RESOURCES.replace(/( +)memory: 128Gi\n/g, '$1memory: 128Gi\n$1nvidia.com/gpu: 8\n');
    expect(applyFilters(gpus, [setResources({ gpus: 8 })], 'template').changes).toEqual([]);
    // existing string, the config's integer
    const quoted = WITH_RESOURCES.replace('cpu: 32', 'cpu: "32"').replace('cpu: 64 #', 'cpu: "64" #');
    expect(applyFilters(quoted, [setResources({ cpu: { requests: 32, limits: 64 } })], 'template').changes).toEqual([]);
    // the same quantity spelt differently is rewritten to the config's spelling
    const milli = applyFilters(WITH_RESOURCES, [setResources({ cpu: { requests: '32000m' } })], 'template');
    expect(milli.changedPaths).toEqual([`${MAIN}.requests.cpu`]);
  });

  test('only the given side of {requests, limits} is set', () => {
    const r = applyFilters(WITH_RESOURCES, [setResources({ cpu: { limits: '96' } })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.limits.cpu`]);
    expect(r.changes.map((c) => c.description)).toEqual(['resources limits.cpu=96']);
  });

  test('gpuResource and rdma count', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setResources({ gpus: 2, gpuResource: 'amd.com/gpu', rdma: { resource: 'rdma/ib', count: 2 } })], 'template');
    expect(mainResources(r.after)).toEqual({ requests: { 'amd.com/gpu': '2', 'rdma/ib': 2 }, limits: { 'amd.com/gpu': '2', 'rdma/ib': 2 } });
    expect(r.text).toContain('              amd.com/gpu: "2"\n              rdma/ib: 2\n');
    expect(r.text).not.toContain('nvidia.com/gpu');
  });

  test('flow-style resources are merged and printed again in flow style', () => {
    const input = TEMPLATE_CONFIG.replace(SECURITY, `          resources: {limits: {cpu: 1}}\n${SECURITY}`);
    const r = applyFilters(input, [setResources({ gpus: 8, cpu: '2' })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.limits.cpu`, `${MAIN}.limits.nvidia.com/gpu`, `${MAIN}.requests.cpu`, `${MAIN}.requests.nvidia.com/gpu`]);
    expect(r.text).toContain('          resources: {limits: {cpu: "2", nvidia.com/gpu: "8"}, requests: {nvidia.com/gpu: "8", cpu: "2"}}\n');
    expect(applyFilters(r.text, [setResources({ gpus: 8, cpu: '2' })], 'template').changes).toEqual([]);
  });

  test('an empty resources key (null) gets a map', () => {
    const input = TEMPLATE_CONFIG.replace(SECURITY, `          resources:\n${SECURITY}`);
    const r = applyFilters(input, [setResources({ memory: '1Gi' })], 'template');
    expect(mainResources(r.after)).toEqual({ requests: { memory: '1Gi' }, limits: { memory: '1Gi' } });
  });

  test('nothing to set: no change and no empty map', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setResources({ gpuResource: 'amd.com/gpu' })], 'template');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(TEMPLATE_CONFIG);
  });

  test('running again changes nothing', () => {
    for (const [config, role] of [[TEMPLATE_CONFIG, 'template'], [WITH_RESOURCES, 'template'], [DP_CONFIG, 'dataParallel']] as const) {
      const once = applyFilters(config, [setResources(FULL)], role);
      expect(once.changes.length).toBeGreaterThan(0);
      const twice = applyFilters(once.text, [setResources(FULL)], role);
      expect(twice.changes).toEqual([]);
      expect(twice.text).toBe(once.text);
    }
  });
});
