import { applyFilters, DP_CONFIG } from './filter-test-kit';
import { setPrefillParallelism } from './set-prefill-parallelism';
import { setOverlayLabel } from './set-overlay-label';
import { lookupIn } from '../layer/config-index';
import { KSERVE_DEFAULTS } from '../plan/managed';
import { serviceShape, type ShapeDecider } from '../plan/service-shape';

const SERVICE = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata:
  name: svc
spec:
  parallelism: # decode side
    data: 4
    dataLocal: 4
  prefill:
    replicas: 2
    parallelism:
      data: 8 # keep this comment
      dataLocal: 4
    worker:
      containers:
        - name: main
`;

describe('setPrefillParallelism', () => {
  test('service: spec.prefill.parallelism and replicas change, the decode side does not', () => {
    const r = applyFilters(SERVICE, [setPrefillParallelism({ data: 16, dataLocal: 8, expert: true }, 1)], 'service');
    expect(r.changedPaths).toEqual(['spec.prefill.parallelism.data', 'spec.prefill.parallelism.dataLocal', 'spec.prefill.parallelism.expert', 'spec.prefill.replicas']);
    expect(r.text).toContain('      data: 16 # keep this comment\n');
    expect(applyFilters(r.text, [setPrefillParallelism({ data: 16, dataLocal: 8, expert: true }, 1)], 'service').changes).toEqual([]);
  });

  test('data-parallel config without spec.prefill.parallelism: created', () => {
    const r = applyFilters(DP_CONFIG, [setPrefillParallelism({ data: 2, dataLocal: 1 }, undefined)], 'dataParallel');
    expect(r.changedPaths).toEqual(['spec.prefill.parallelism.data', 'spec.prefill.parallelism.dataLocal']);
    expect((r.after as { spec: { prefill: { parallelism: unknown } } }).spec.prefill.parallelism).toEqual({ data: 2, dataLocal: 1 });
  });

  test('only replicas', () => {
    expect(applyFilters(SERVICE, [setPrefillParallelism(undefined, 3)], 'service').changedPaths).toEqual(['spec.prefill.replicas']);
  });
});

describe('setOverlayLabel', () => {
  test('adds the label, once', () => {
    const r = applyFilters(DP_CONFIG, [setOverlayLabel('prod')], 'dataParallel');
    expect(r.changedPaths).toEqual(['metadata.labels.llm-prefill.dev/overlay']);
    expect(applyFilters(r.text, [setOverlayLabel('prod')], 'dataParallel').changes).toEqual([]);
    expect(applyFilters(r.text, [setOverlayLabel('dev')], 'dataParallel').changedPaths).toEqual(['metadata.labels.llm-prefill.dev/overlay']);
  });
});

describe('setPrefillParallelism with single-pod fields', () => {
  const SINGLE = 'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceService\nmetadata:\n  name: s\nspec:\n  prefill:\n    template:\n      containers:\n        - name: main\n';
  const all = { data: 16, dataLocal: 8, tensor: 2, expert: true };

  test('a service without spec.prefill.worker gets only the single-pod fields and replicas', () => {
    const r = applyFilters(SINGLE, [setPrefillParallelism(all, 1, ['tensor'])], 'service');
    expect(r.changedPaths).toEqual(['spec.prefill.parallelism.tensor', 'spec.prefill.replicas']);
    expect(applyFilters(SINGLE, [setPrefillParallelism(all, undefined, [])], 'service').changes).toEqual([]);
  });

  test('a service with a worker, or with baseRefs (which may supply one), gets every field', () => {
    expect(applyFilters(SERVICE, [setPrefillParallelism(all, undefined, [])], 'service').changedPaths).toContain('spec.prefill.parallelism.expert');
    const withRefs = SINGLE.replace('spec:\n', 'spec:\n  baseRefs:\n    - name: team\n');
    expect(applyFilters(withRefs, [setPrefillParallelism(all, undefined, [])], 'service').changedPaths).toContain('spec.prefill.parallelism.data');
  });
});

describe('setPrefillParallelism decides the shape with the baseRefs it can look up merged over the service', () => {
  const WITH_REF = 'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceService\nmetadata:\n  name: s\n  namespace: llm\nspec:\n  baseRefs:\n    - name: team\n  prefill:\n    template:\n      containers:\n        - name: main\n';
  const all = { data: 16, dataLocal: 8, tensor: 2, expert: true };
  const preset = (prefill: Record<string, unknown>, namespace = 'llm') => ({ apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceServiceConfig', metadata: { name: 'team', namespace }, spec: { prefill } });
  const deciding = (...configs: Record<string, unknown>[]): ShapeDecider => (service) => serviceShape(service, lookupIn(configs), KSERVE_DEFAULTS);

  test('a baseRef without a worker: single-pod fields only', () => {
    const r = applyFilters(WITH_REF, [setPrefillParallelism(all, undefined, ['tensor'], deciding(preset({ template: { containers: [{ name: 'main' }] } })))], 'service');
    expect(r.changedPaths).toEqual(['spec.prefill.parallelism.tensor']);
  });

  test('a baseRef (in KServe\'s namespace) that supplies the worker: every field', () => {
    const r = applyFilters(WITH_REF, [setPrefillParallelism(all, undefined, ['tensor'], deciding(preset({ worker: { containers: [{ name: 'main' }] } }, 'kserve')))], 'service');
    expect(r.changedPaths).toEqual(['spec.prefill.parallelism.data', 'spec.prefill.parallelism.dataLocal', 'spec.prefill.parallelism.expert', 'spec.prefill.parallelism.tensor']);
  });

  test('a baseRef that cannot be found (here: in a third namespace, where KServe does not look): every field', () => {
    const r = applyFilters(WITH_REF, [setPrefillParallelism(all, undefined, ['tensor'], deciding(preset({ template: {} }, 'other')))], 'service');
    expect(r.changedPaths).toContain('spec.prefill.parallelism.data');
  });
});
