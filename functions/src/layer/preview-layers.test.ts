import { preview } from '../preview/preview';

type Obj = Record<string, unknown>;

const service = (spec: Obj): Obj => ({ apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceService', metadata: { name: 's', namespace: 'llm' }, spec: { model: { uri: 'hf://m', name: 'm' }, ...spec } });
const config = (name: string, prefill: Obj): Obj => ({ apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceServiceConfig', metadata: { name, namespace: 'llm' }, spec: { prefill } });

describe('preview of a service with spec.baseRefs', () => {
  test('shows the layered view: well-known config, then each baseRef in order', () => {
    const first = config('team', { template: { containers: [{ name: 'main', image: 'team:v1', env: [{ name: 'VLLM_ADDITIONAL_ARGS', value: '--a' }] }] } });
    const second = config('prod-prefill', { template: { containers: [{ name: 'main', env: [{ name: 'VLLM_ADDITIONAL_ARGS', value: '--b' }] }] } });
    const text = preview([first, second, service({ baseRefs: [{ name: 'team' }, { name: 'prod-prefill' }], prefill: { template: { containers: [{ name: 'main' }] } } })]);
    expect(text).toContain('prefill config: well-known config the embedded kserve-config-llm-prefill-template (KServe v0.20.0, base/config-llm-prefill-template.yaml; not in the input) + baseRef llm/team + baseRef llm/prod-prefill');
    expect(text).toContain('[prefill] image team:v1');
    expect(text).toContain('VLLM_ADDITIONAL_ARGS=--b');
  });

  test('a baseRef that supplies the worker makes it a data-parallel preview', () => {
    const preset = config('dp', { parallelism: { data: 2, dataLocal: 1 }, worker: { containers: [{ name: 'main' }] } });
    const text = preview([preset, service({ baseRefs: [{ name: 'dp' }, { name: 'missing' }], prefill: { parallelism: { data: 2, dataLocal: 1 }, template: { containers: [{ name: 'main' }] } } })]);
    expect(text).toContain('kserve-config-llm-prefill-worker-data-parallel');
    expect(text).toContain('(not in the input, left out: missing)');
    expect(text).toContain('[prefill worker]');
  });
});
