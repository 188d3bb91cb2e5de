/**
 * The prod overlay (data 16 / dataLocal 8, 8 GPUs) over a single-pod prefill service: KServe runs
 * it as one pod from the template config, so no data-parallel setting goes into it, and the GPUs
 * vLLM would not use are an error on the config that requests them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { documentAsItem, itemAsDocument } from '../files/stream';
import { decode } from '../krm/decode';
import { runFunction } from '../pipeline';

const ROOT = join(__dirname, '../../..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const PROD = read('overlays/prod/prefill-overlay.yaml');
const SINGLE_POD = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata:
  name: small
  namespace: llm
spec:
  model: {uri: hf://org/small, name: org/small}
  prefill:
    replicas: 2
    template:
      containers:
        - name: main
`;

const input = (items: string[], overlay = PROD) =>
  'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' + items.map(documentAsItem).join('') + `functionConfig:\n${overlay.replace(/^/gm, '  ')}\n`;

describe('a single-pod prefill service with the prod overlay', () => {
  const configs = [read('base/config-llm-prefill-template.yaml'), read('base/config-llm-prefill-worker-data-parallel.yaml')];
  const out = runFunction(input([...configs, SINGLE_POD]));

  test('gets no data-parallel settings, and a warning explains the shape rule and what to set instead', () => {
    const written = decode(out.text).items.map((i) => parse(itemAsDocument(i.chunk)) as { kind: string; spec: { prefill: Record<string, unknown> } });
    // On error every item goes out unchanged; the filter's own effect is checked below too.
    const service = written.find((d) => d.kind === 'LLMInferenceService');
    expect(service?.spec.prefill.parallelism).toBeUndefined();
    const shape = out.results.find((r) => r.severity === 'warning' && r.resourceRef?.name === 'small');
    expect(shape?.message).toMatch(/spec\.parallelism\.data, spec\.parallelism\.dataLocal, spec\.parallelism\.expert not written into this service: it has no spec\.prefill\.worker/);
    expect(shape?.message).toMatch(/add spec\.prefill\.worker/);
    expect(shape?.field?.path).toBe('spec.prefill');
  });

  test('no summary claims a leader and a worker for it', () => {
    expect(out.results.map((r) => r.message).join('\n')).not.toMatch(/1 leader/);
  });

  test('the 7 GPUs vLLM would not use are an error on the template config, naming the overlay fields', () => {
    const gpu = out.results.filter((r) => r.severity === 'error' && /GPU/.test(r.message));
    expect(gpu).toHaveLength(1);
    expect(gpu[0].resourceRef?.name).toBe('kserve-config-llm-prefill-template');
    expect(gpu[0].field?.path).toBe('spec.prefill.template.containers[0].resources.limits.nvidia.com/gpu');
    expect(gpu[0].message).toMatch(/requests 8 GPU\(s\) but vLLM runs tensor \(1\) × dataLocal \(1\) = 1 \(one pod from the template config\): it would leave 7 GPU\(s\) idle/);
    expect(gpu[0].message).toMatch(/spec\.resources\.gpus 1, or spec\.parallelism\.tensor 8/);
  });

  test('with tensor 8 on v0.20.0 the service gets tensor and replicas only, and passes', () => {
    const overlay = PROD.replace('tensor: 1', 'tensor: 8');
    const ok = runFunction(input([...configs, SINGLE_POD], overlay));
    expect(ok.results.filter((r) => r.severity === 'error')).toEqual([]);
    const service = decode(ok.text).items.map((i) => parse(itemAsDocument(i.chunk)) as { kind: string; spec: { prefill: Record<string, unknown> } }).find((d) => d.kind === 'LLMInferenceService');
    expect(service?.spec.prefill.parallelism).toEqual({ tensor: 8 });
    expect(service?.spec.prefill.replicas).toBe(1);
  });

  test('on v0.19.0 the template renders no --tensor-parallel-size: tensor is not written, and the warning says so', () => {
    const overlay = PROD.replace('tensor: 1', 'tensor: 8').replace('spec:\n  overlay: prod', 'spec:\n  overlay: prod\n  kserve: {version: v0.19.0}\n  ifMissing: ignore');
    const v19 = runFunction(input([SINGLE_POD], overlay));
    const shape = v19.results.find((r) => r.severity === 'warning' && r.resourceRef?.name === 'small');
    expect(shape?.message).toMatch(/spec\.parallelism\.tensor.*KServe v0\.19\.0's template config renders no --tensor-parallel-size/);
  });
});

describe('a service with spec.baseRefs: the shape is decided with the baseRefs the input has merged over it', () => {
  const configs = [read('base/config-llm-prefill-template.yaml'), read('base/config-llm-prefill-worker-data-parallel.yaml')];
  const WITH_REF = SINGLE_POD.replace('spec:\n', 'spec:\n  baseRefs:\n    - name: team-preset\n');
  const preset = (prefill: string) => `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata:
  name: team-preset
  namespace: llm
spec:
  prefill:
${prefill}`;
  const NO_WORKER = preset('    template:\n      containers:\n        - name: main\n          env: [{name: TEAM, value: a}]\n');
  const WORKER = preset('    worker:\n      containers:\n        - name: main\n');
  const tensor8 = PROD.replace('tensor: 1', 'tensor: 8');
  const serviceOut = (text: string) =>
    decode(text).items.map((i) => parse(itemAsDocument(i.chunk)) as { kind: string; spec: { prefill: Record<string, unknown> } }).find((d) => d.kind === 'LLMInferenceService');

  test('baseRefs in the input that supply no worker: single-pod fields only, and the same warning as without baseRefs', () => {
    const out = runFunction(input([...configs, NO_WORKER, WITH_REF], tensor8));
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    expect(serviceOut(out.text)?.spec.prefill.parallelism).toEqual({ tensor: 8 });
    const shape = out.results.find((r) => r.severity === 'warning' && r.resourceRef?.name === 'small' && /not written/.test(r.message));
    expect(shape?.message).toMatch(/spec\.parallelism\.data, spec\.parallelism\.dataLocal, spec\.parallelism\.expert not written into this service: it has no spec\.prefill\.worker/);
    expect(shape?.message).toMatch(/baseRefs? team-preset/);
    expect(shape?.field?.path).toBe('spec.prefill');
  });

  test('a baseRef in the input that supplies the worker: data-parallel, every field written, no shape warning', () => {
    const out = runFunction(input([...configs, WORKER, WITH_REF]));
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    expect(serviceOut(out.text)?.spec.prefill.parallelism).toEqual({ data: 16, dataLocal: 8, tensor: 1, expert: true });
    expect(out.results.filter((r) => r.resourceRef?.name === 'small' && /not written|could not be decided/.test(r.message))).toEqual([]);
  });

  test('a baseRef not in the input: patched in full, and a warning says the shape could not be decided and why', () => {
    const out = runFunction(input([...configs, WITH_REF], tensor8));
    expect(serviceOut(out.text)?.spec.prefill.parallelism).toEqual({ data: 16, dataLocal: 8, tensor: 8, expert: true });
    const shape = out.results.find((r) => r.resourceRef?.name === 'small' && /could not be decided/.test(r.message));
    expect(shape?.severity).toBe('warning');
    expect(shape?.field?.path).toBe('spec.baseRefs');
    expect(shape?.message).toMatch(/team-preset is not in the input/);
    expect(shape?.message).toMatch(/spec\.prefill\.worker/);
    expect(shape?.message).toMatch(/spec\.parallelism\.data, spec\.parallelism\.dataLocal, spec\.parallelism\.expert/);
  });
});
