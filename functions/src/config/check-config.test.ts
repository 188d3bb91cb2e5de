import { readConfig } from './read-config';

const overlay = (spec: Record<string, unknown>) => ({ apiVersion: 'fn.llm-prefill.dev/v1alpha1', kind: 'PrefillOverlay', metadata: { name: 'p' }, spec: { overlay: 'p', ...spec } });

describe('contradictory settings', () => {
  test.each([
    [{ env: { VLLM_ADDITIONAL_ARGS: '--x' }, vllmArgs: ['--y'] }, 'spec.env.VLLM_ADDITIONAL_ARGS', /spec\.vllmArgs/],
    [{ env: { KSERVE_INFER_ROCE: 'true' }, roce: { enabled: true } }, 'spec.env.KSERVE_INFER_ROCE', /spec\.roce\.enabled/],
    [{ env: { NCCL_IB_GID_INDEX: '3' }, roce: { enabled: true, gidIndex: 3 } }, 'spec.env.NCCL_IB_GID_INDEX', /gidIndex/],
    [{ roce: { enabled: false, networks: 'roce-p2' } }, 'spec.roce.networks', /no effect/],
  ])('%j is an error at %s', (spec, path, message) => {
    const out = readConfig(overlay(spec));
    expect(out.config).toBeUndefined();
    const r = out.results?.find((x) => x.field?.path === path);
    expect(r?.severity).toBe('error');
    expect(r?.message).toMatch(message);
  });

  test.each([
    [{ env: { VLLM_ADDITIONAL_ARGS: '--x' } }],
    [{ vllmArgs: ['--y'], env: { NCCL_IB_GID_INDEX: '3' } }],
    [{ env: { NCCL_IB_GID_INDEX: '3' }, roce: { enabled: true } }],
  ])('%j is fine', (spec) => {
    expect(readConfig(overlay(spec)).results).toBeUndefined();
  });

  test('in the ConfigMap form the error names the data key', () => {
    const out = readConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { overlay: 'p', vllmArgs: '--y', 'env.VLLM_ADDITIONAL_ARGS': '--x' } });
    expect(out.results?.[0].field?.path).toBe('data.env.VLLM_ADDITIONAL_ARGS');
  });
});

describe('ConfigMap keys that collide', () => {
  test.each([
    [{ overlay: 'p', cpu: '64', 'cpu.requests': '32' }, 'data.cpu.requests', /data\.cpu\b/],
    [{ overlay: 'p', 'cpu.requests': '32', cpu: '64' }, 'data.cpu', /conflicts/],
  ])('%j: error at %s', (data, path, message) => {
    const out = readConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data });
    const r = out.results?.find((x) => x.field?.path === path);
    expect(r?.message).toMatch(message);
  });

  test('cpu.requests with cpu.limits is fine', () => {
    const out = readConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { overlay: 'p', 'cpu.requests': '32', 'cpu.limits': '64' } });
    expect(out.config?.spec.resources?.cpu).toEqual({ requests: 32, limits: 64 });
  });
});
