import { gpuMath } from './gpu-math';

const GPU = 'nvidia.com/gpu';
const pod = (gpus: string | undefined, extra: Record<string, unknown> = {}, image = 'ghcr.io/llm-d/llm-d-cuda:v0.9.0') => ({
  containers: [{ name: 'main', image, resources: gpus === undefined ? {} : { limits: { [GPU]: gpus }, requests: { [GPU]: gpus } }, ...extra }],
  volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } }],
});
const dp = (parallelism: Record<string, unknown>, gpus: string | undefined, extra: Record<string, unknown> = {}) => ({ prefill: { parallelism, template: pod(gpus, extra), worker: pod(gpus, extra) } });
const find = (spec: Record<string, unknown>, severity: string) => gpuMath(spec, GPU).filter((f) => f.severity === severity);

describe('GPU math and what the pods need', () => {
  test('tensor × dataLocal must equal the GPUs per pod, leader and worker', () => {
    expect(find(dp({ data: 16, dataLocal: 8, tensor: 1 }, '8'), 'error')).toEqual([]);
    const errors = find(dp({ data: 16, dataLocal: 8, tensor: 1 }, '4'), 'error');
    expect(errors.map((f) => f.path)).toEqual([`spec.prefill.template.containers[name=main].resources.limits.${GPU}`, `spec.prefill.worker.containers[name=main].resources.limits.${GPU}`]);
    expect(errors[0].message).toContain('tensor (1) × dataLocal (8) = 8');
  });

  test('data must be a multiple of dataLocal', () => {
    expect(find(dp({ data: 12, dataLocal: 8 }, '8'), 'error').map((f) => f.path)).toContain('spec.prefill.parallelism.data');
    expect(find(dp({ data: 16, dataLocal: 8 }, '8'), 'error')).toEqual([]);
  });

  test('pods per replica are reported', () => {
    expect(find(dp({ data: 16, dataLocal: 8, tensor: 1 }, '8'), 'info')[0].message).toBe('data 16 / dataLocal 8: 2 pod(s) per prefill replica (1 leader, 1 worker(s)), 8 GPU(s) per pod, 16 per replica');
  });

  test('GPU requests must equal limits', () => {
    const spec = { prefill: { parallelism: { tensor: 8 }, template: { containers: [{ name: 'main', image: 'x:1', resources: { limits: { [GPU]: '8' }, requests: { [GPU]: '4' } } }] } } };
    expect(find(spec, 'error').map((f) => f.message)).toEqual([expect.stringContaining('differ from limits')]);
  });

  test('RoCE without an RDMA device is a warning', () => {
    const env = { env: [{ name: 'KSERVE_INFER_ROCE', value: 'true' }] };
    expect(find(dp({ data: 2, dataLocal: 1 }, '1', env), 'warning').map((f) => f.message)).toEqual([expect.stringContaining('no RDMA device'), expect.stringContaining('no RDMA device')]);
    const withRdma = { ...env, resources: { limits: { [GPU]: '1', 'rdma/roce_gdr': 1 }, requests: { [GPU]: '1', 'rdma/roce_gdr': 1 } } };
    expect(find(dp({ data: 2, dataLocal: 1 }, '1', withRdma), 'warning')).toEqual([]);
  });

  test('shared memory below 1Gi per GPU is a warning', () => {
    const spec = { prefill: { template: { ...pod('8'), volumes: [{ name: 'dshm', emptyDir: { sizeLimit: '4Gi' } }] }, parallelism: { tensor: 8 } } };
    expect(find(spec, 'warning')).toEqual([expect.objectContaining({ path: 'spec.prefill.template.volumes[0].emptyDir.sizeLimit' })]);
  });

  test('an image without a tag, or with latest, is a warning; a digest or a template is fine', () => {
    const tagged = (image: string) => find({ prefill: { template: pod(undefined, {}, image) } }, 'warning').length;
    expect(tagged('ghcr.io/llm-d/llm-d-cuda')).toBe(1);
    expect(tagged('ghcr.io/llm-d/llm-d-cuda:latest')).toBe(1);
    expect(tagged('registry:5000/llm-d-cuda')).toBe(1);
    expect(tagged('ghcr.io/llm-d/llm-d-cuda:v0.9.0')).toBe(0);
    expect(tagged('ghcr.io/llm-d/llm-d-cuda@sha256:abc')).toBe(0);
    expect(tagged('ghcr.io/llm-d/llm-d-cuda:${IMAGE_TAG}')).toBe(0);
  });

  test('a config checked alone compares GPUs only when it sets parallelism itself', () => {
    expect(gpuMath({ prefill: { template: pod('8') } }, GPU, true).filter((f) => f.severity === 'error')).toEqual([]);
    expect(gpuMath({ prefill: { template: pod('8') } }, GPU, false).filter((f) => f.severity === 'error')).toHaveLength(1);
  });
});
