import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import type { Roce } from '../config/types';
import { setRoce } from './set-roce';

const FULL: Roce = { enabled: true, gidIndex: 3, socketIfname: 'net1', networks: 'roce-p2' };
const T = 'spec.prefill.template.containers[0]';
const W = 'spec.prefill.worker.containers[0]';
const NETWORKS = 'spec.prefill.annotations.k8s.v1.cni.cncf.io/networks';

type Doc = { spec: { prefill: Record<string, { containers: { name: string; env?: unknown; securityContext?: unknown }[] }> & { annotations?: Record<string, string> } } };
const prefill = (doc: unknown) => (doc as Doc).spec.prefill;

function applyTwice(document: string, roce: Roce, role: 'template' | 'dataParallel') {
  const once = applyFilters(document, [setRoce(roce)], role);
  const twice = applyFilters(once.text, [setRoce(roce)], role);
  expect(twice.changes).toEqual([]);
  expect(twice.text).toBe(once.text);
  return once;
}

describe('setRoce enabled', () => {
  test('template config: env, annotation and IPC_LOCK in main of the one pod, nothing else', () => {
    const r = applyTwice(TEMPLATE_CONFIG, FULL, 'template');
    expect(r.changedPaths).toEqual([
      NETWORKS,
      `${T}.env[1].name`,
      `${T}.env[1].value`,
      `${T}.env[2].name`,
      `${T}.env[2].value`,
      `${T}.env[3].name`,
      `${T}.env[3].value`,
      `${T}.securityContext.capabilities.add[0]`,
    ]);
    expect(r.changes).toEqual([
      { path: 'spec.prefill.template.containers[name=main].env[name=KSERVE_INFER_ROCE]', description: 'env KSERVE_INFER_ROCE' },
      { path: 'spec.prefill.template.containers[name=main].env[name=NCCL_IB_GID_INDEX]', description: 'env NCCL_IB_GID_INDEX' },
      { path: 'spec.prefill.template.containers[name=main].env[name=NCCL_SOCKET_IFNAME]', description: 'env NCCL_SOCKET_IFNAME' },
      { path: 'spec.prefill.template.containers[name=main].securityContext.capabilities.add', description: 'capability IPC_LOCK' },
      { path: NETWORKS, description: 'annotation k8s.v1.cni.cncf.io/networks=roce-p2' },
    ]);
    const main = prefill(r.after).template!.containers[0]!;
    expect(main.env).toEqual([
      { name: 'HOME', value: '/home' },
      { name: 'KSERVE_INFER_ROCE', value: 'true' },
      { name: 'NCCL_IB_GID_INDEX', value: '3' },
      { name: 'NCCL_SOCKET_IFNAME', value: 'net1' },
    ]);
    expect(main.securityContext).toEqual({ capabilities: { drop: ['ALL'], add: ['IPC_LOCK'] } });
    expect(prefill(r.after).annotations).toEqual({ 'serving.kserve.io/model-based-routing-enabled': 'true', 'k8s.v1.cni.cncf.io/networks': 'roce-p2' });
  });

  test('strings are written as strings ("true" and "3" quoted); add goes next to drop', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [setRoce(FULL)], 'template');
    expect(r.text).toContain('- name: KSERVE_INFER_ROCE\n              value: "true"\n');
    expect(r.text).toContain('- name: NCCL_IB_GID_INDEX\n              value: "3"\n');
    expect(r.text).toContain('            capabilities:\n              drop:\n                - ALL\n              add:\n                - IPC_LOCK\n');
  });

  test('data-parallel config: leader and worker; the leader already has IPC_LOCK, the worker gets a securityContext', () => {
    const r = applyTwice(DP_CONFIG, FULL, 'dataParallel');
    expect(r.changedPaths).toEqual([
      'spec.prefill.annotations.k8s.v1.cni.cncf.io/networks',
      ...[T, W].flatMap((c) => [0, 1, 2].flatMap((i) => [`${c}.env[${i}].name`, `${c}.env[${i}].value`])),
      `${W}.securityContext.capabilities.add[0]`,
    ]);
    expect(r.changes.filter((c) => c.description === 'capability IPC_LOCK').map((c) => c.path)).toEqual([
      'spec.prefill.worker.containers[name=main].securityContext.capabilities.add',
    ]);
    expect(prefill(r.after).template!.containers[0]!.securityContext).toEqual({ capabilities: { add: ['IPC_LOCK'], drop: ['ALL'] } });
    expect(prefill(r.after).worker!.containers[0]!.securityContext).toEqual({ capabilities: { add: ['IPC_LOCK'] } });
    expect(prefill(r.after).annotations).toEqual({ 'k8s.v1.cni.cncf.io/networks': 'roce-p2' });
  });

  test('only the fields given: no gidIndex, socketIfname or networks means only the switch and IPC_LOCK', () => {
    const r = applyTwice(TEMPLATE_CONFIG, { enabled: true }, 'template');
    expect(r.changedPaths).toEqual([`${T}.env[1].name`, `${T}.env[1].value`, `${T}.securityContext.capabilities.add[0]`]);
  });

  test('existing entries are updated in place; other capabilities and annotations are kept', () => {
    const src = TEMPLATE_CONFIG.replace(
      '              value: /home\n',
      '              value: /home\n            - name: KSERVE_INFER_ROCE\n              value: "false" # off in base\n            - name: NCCL_IB_GID_INDEX\n              value: 1\n',
    )
      .replace('          securityContext:\n', '          securityContext:\n            runAsNonRoot: true\n')
      .replace('            capabilities:\n              drop:\n', '            capabilities:\n              add: [SYS_NICE]\n              drop:\n')
      .replace('      serving.kserve.io/model-based-routing-enabled: "true"\n', '      serving.kserve.io/model-based-routing-enabled: "true"\n      k8s.v1.cni.cncf.io/networks: roce-p1\n');
    const r = applyTwice(src, FULL, 'template');
    expect(r.changedPaths).toEqual([
      NETWORKS,
      `${T}.env[1].value`,
      `${T}.env[2].value`,
      `${T}.env[3].name`,
      `${T}.env[3].value`,
      `${T}.securityContext.capabilities.add[1]`,
    ]);
    expect(r.text).toContain('value: "true" # off in base\n');
    expect(r.text).toContain('- name: NCCL_IB_GID_INDEX\n              value: "3"\n');
    expect(r.text).toContain('add: [SYS_NICE, IPC_LOCK]\n');
    expect(r.text).toContain('k8s.v1.cni.cncf.io/networks: roce-p2\n');
  });

  test('CAP_IPC_LOCK counts as present', () => {
    const src = TEMPLATE_CONFIG.replace('            capabilities:\n', '            capabilities:\n              add:\n                - CAP_IPC_LOCK\n');
    const r = applyFilters(src, [setRoce({ enabled: true })], 'template');
    expect(r.changes.map((c) => c.description)).toEqual(['env KSERVE_INFER_ROCE']);
  });
});

describe('setRoce disabled', () => {
  test('only KSERVE_INFER_ROCE "false", in every pod; gidIndex, socketIfname and networks are ignored', () => {
    const off: Roce = { ...FULL, enabled: false };
    const t = applyTwice(TEMPLATE_CONFIG, off, 'template');
    expect(t.changedPaths).toEqual([`${T}.env[1].name`, `${T}.env[1].value`]);
    expect(t.text).toContain('- name: KSERVE_INFER_ROCE\n              value: "false"\n');
    const d = applyTwice(DP_CONFIG, off, 'dataParallel');
    expect(d.changedPaths).toEqual([`${T}.env[0].name`, `${T}.env[0].value`, `${W}.env[0].name`, `${W}.env[0].value`]);
  });

  test('an annotation and capability already there are left alone', () => {
    const enabled = applyFilters(DP_CONFIG, [setRoce(FULL)], 'dataParallel');
    const r = applyFilters(enabled.text, [setRoce({ enabled: false })], 'dataParallel');
    expect(r.changedPaths).toEqual([`${T}.env[0].value`, `${W}.env[0].value`]);
    expect(r.changes.map((c) => c.description)).toEqual(['env KSERVE_INFER_ROCE', 'env KSERVE_INFER_ROCE']);
  });
});
