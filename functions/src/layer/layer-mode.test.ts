/** Layer mode through the whole function (issue 18): deltas, baseRefs, KServe's merge traps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { documentAsItem } from '../files/stream';
import { decode } from '../krm/decode';
import { runFunction } from '../pipeline';
import { mergeSpecs } from '../validate/merged-view';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test data

const ROOT = join(__dirname, '../../..');
const TEMPLATE = readFileSync(join(ROOT, 'base/config-llm-prefill-template.yaml'), 'utf8');
const DATA_PARALLEL = readFileSync(join(ROOT, 'base/config-llm-prefill-worker-data-parallel.yaml'), 'utf8');

function list(items: string[], spec: Obj): string {
  const fn = { apiVersion: 'fn.llm-prefill.dev/v1alpha1', kind: 'PrefillOverlay', metadata: { name: 't' }, spec: { overlay: 'prod', mode: 'layer', ...spec } };
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.map(documentAsItem).join('')}functionConfig:\n${stringify(fn).replace(/^/gm, '  ')}`;
}

function service(name: string, prefill: Obj, extra: Obj = {}): string {
  return stringify({ apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceService', metadata: { name, namespace: 'llm' }, spec: { model: { uri: 'hf://m', name: 'm' }, prefill, ...extra } });
}

function config(name: string, namespace: string, prefill: Obj): string {
  return stringify({ apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceServiceConfig', metadata: { name, namespace }, spec: { prefill } });
}

const SINGLE = { template: { containers: [{ name: 'main' }] }, parallelism: { tensor: 1 } };
const DP = { parallelism: { data: 2, dataLocal: 1, tensor: 1 }, template: { containers: [{ name: 'main' }] }, worker: { containers: [{ name: 'main' }] } };

/** The output items as plain objects. */
function items(text: string): Obj[] {
  return decode(text).items.map((i) => (parseAllDocuments(i.chunk.text.replace(/^- /, '  ').replace(/^ {2}/gm, ''))[0]?.toJS() ?? {}) as Obj);
}

const find = (all: Obj[], kind: string, name: string) => all.find((r) => r.kind === kind && r.metadata?.name === name) as Obj;
const main = (pod: Obj | undefined) => (pod?.containers as Obj[] | undefined)?.find((c) => c.name === 'main') as Obj;
const envOf = (pod: Obj | undefined, name: string) => (main(pod)?.env as Obj[] | undefined)?.find((e) => e.name === name);

function run(input: string) {
  const out = runFunction(input);
  return { ...out, all: items(out.text), errors: out.results.filter((r) => r.severity === 'error').map((r) => r.message) };
}

describe('layer mode', () => {
  test('well-known configs in the input come out byte-identical; absent, none is added', () => {
    const input = list([TEMPLATE, DATA_PARALLEL, service('dp', DP)], { image: 'img:v2', env: { A: 'x' } });
    const out = run(input);
    expect(out.errors).toEqual([]);
    const texts = decode(out.text).items.map((i) => i.chunk.text);
    const inputs = decode(input).items.map((i) => i.chunk.text);
    expect(texts[0]).toBe(inputs[0]);
    expect(texts[1]).toBe(inputs[1]);

    const alone = run(list([service('dp', DP)], { image: 'img:v2' }));
    expect(alone.errors).toEqual([]);
    expect(alone.all.filter((r) => /^kserve-config-/.test(r.metadata?.name ?? ''))).toEqual([]);
  });

  test('a single-pod and a data-parallel service each get only the delta of their shape', () => {
    const out = run(list([service('chat', SINGLE), service('moe', DP)], { image: 'img:v2', env: { A: 'x' }, scheduling: { priorityClassName: 'p' } }));
    expect(out.errors).toEqual([]);
    const configs = out.all.filter((r) => r.kind === 'LLMInferenceServiceConfig');
    expect(configs.map((c) => `${c.metadata.namespace}/${c.metadata.name}`).sort()).toEqual(['llm/prod-prefill', 'llm/prod-prefill-data-parallel']);
    const single = find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill');
    const dp = find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill-data-parallel');
    expect(Object.keys(single.spec.prefill)).toEqual(['template']);
    expect(Object.keys(dp.spec.prefill).sort()).toEqual(['template', 'worker']);
    for (const pod of [single.spec.prefill.template, dp.spec.prefill.template, dp.spec.prefill.worker]) {
      expect(main(pod)).toMatchObject({ image: 'img:v2', env: [{ name: 'A', value: 'x' }] });
      expect(pod.priorityClassName).toBe('p');
      // Only keyed fields: never the script, the probes or KServe's other settings.
      for (const key of ['command', 'args', 'livenessProbe', 'readinessProbe', 'ports']) expect(main(pod)[key]).toBeUndefined();
    }
    expect(find(out.all, 'LLMInferenceService', 'chat').spec.baseRefs).toEqual([{ name: 'prod-prefill' }]);
    expect(find(out.all, 'LLMInferenceService', 'moe').spec.baseRefs).toEqual([{ name: 'prod-prefill-data-parallel' }]);
    expect(single.metadata.labels['llm-prefill.dev/overlay']).toBe('prod');
  });

  test('existing baseRefs are kept, in order, before the delta; a second run changes nothing', () => {
    const preset = config('team-preset', 'llm', { template: { nodeSelector: { zone: 'a' } } });
    const first = run(list([preset, service('moe', DP, { baseRefs: [{ name: 'team-preset' }, { name: 'other-preset' }] })], { image: 'img:v2', vllmArgs: ['--max-model-len', '4096'] }));
    expect(first.errors).toEqual([]);
    expect(find(first.all, 'LLMInferenceService', 'moe').spec.baseRefs).toEqual([{ name: 'team-preset' }, { name: 'other-preset' }, { name: 'prod-prefill-data-parallel' }]);
    // The output, fed back as the next run's input (kpt render twice): the same text.
    const again = runFunction(first.text);
    expect(again.failed).toBe(false);
    const strip = (t: string) => t.replace(/\nresults:[\s\S]*$/, '');
    expect(strip(again.text)).toBe(strip(first.text));
  });

  test('a delta already in the baseRefs but not last is moved to the end, not duplicated', () => {
    const out = run(list([service('moe', DP, { baseRefs: [{ name: 'prod-prefill-data-parallel' }, { name: 'team-preset' }] })], { image: 'img:v2' }));
    expect(find(out.all, 'LLMInferenceService', 'moe').spec.baseRefs).toEqual([{ name: 'team-preset' }, { name: 'prod-prefill-data-parallel' }]);
  });

  test('parallelism and replicas go to the selected services, as in patch mode, and decide the shape', () => {
    const svc = service('moe', { template: { containers: [{ name: 'main' }] }, worker: { containers: [{ name: 'main' }] } });
    const out = run(list([svc], { parallelism: { data: 4, dataLocal: 2, tensor: 1 }, replicas: 2, resources: { gpus: 2 } }));
    expect(out.errors).toEqual([]);
    const moe = find(out.all, 'LLMInferenceService', 'moe');
    expect(moe.spec.prefill).toMatchObject({ parallelism: { data: 4, dataLocal: 2, tensor: 1 }, replicas: 2 });
    expect(moe.spec.baseRefs).toEqual([{ name: 'prod-prefill-data-parallel' }]);
    expect(find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill-data-parallel').spec.prefill.parallelism).toBeUndefined();
  });

  test('the shape is decided on the service with its baseRefs: a preset can supply the worker', () => {
    const preset = config('dp-preset', 'llm', { parallelism: { data: 2, dataLocal: 1 }, worker: { containers: [{ name: 'main' }] } });
    const out = run(list([preset, service('moe', { template: { containers: [{ name: 'main' }] } }, { baseRefs: [{ name: 'dp-preset' }] })], { image: 'img:v2' }));
    expect(out.errors).toEqual([]);
    expect(find(out.all, 'LLMInferenceService', 'moe').spec.baseRefs).toEqual([{ name: 'dp-preset' }, { name: 'prod-prefill-data-parallel' }]);
  });

  test('capabilities.add is replaced whole by KServe: the delta carries the well-known list plus IPC_LOCK', () => {
    const out = run(list([service('moe', DP)], { roce: { enabled: true }, resources: { gpus: 1, rdma: { resource: 'rdma/roce_gdr' } } }));
    expect(out.errors).toEqual([]);
    const dp = find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill-data-parallel');
    const wellKnown = parse(DATA_PARALLEL) as Obj;
    for (const pod of ['template', 'worker']) {
      const add = main(dp.spec.prefill[pod]).securityContext.capabilities.add;
      expect(add).toEqual(['IPC_LOCK', 'SYS_RAWIO', 'NET_RAW']);
      // What KServe computes: the three capabilities of v0.20.0, not IPC_LOCK alone.
      const merged = mergeSpecs(wellKnown.spec, dp.spec) as Obj;
      expect(main(merged.prefill[pod]).securityContext.capabilities.add).toEqual(['IPC_LOCK', 'SYS_RAWIO', 'NET_RAW']);
    }
  });

  test('a capability list of the input well-known config is the one composed', () => {
    const custom = DATA_PARALLEL.replace(/- SYS_RAWIO\n/g, '- SYS_ADMIN\n');
    const out = run(list([custom, service('moe', DP)], { roce: { enabled: true }, resources: { gpus: 1, rdma: { resource: 'rdma/roce_gdr' } } }));
    const dp = find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill-data-parallel');
    expect(main(dp.spec.prefill.template).securityContext.capabilities.add).toEqual(['IPC_LOCK', 'SYS_ADMIN', 'NET_RAW']);
  });

  test('tolerations are replaced whole, as in patch mode: the merged view has exactly the overlay\'s', () => {
    const wk = TEMPLATE.replace(/^( +)containers:\n/m, '$1tolerations:\n$1  - key: kserve-default\n$1    operator: Exists\n$1containers:\n');
    expect(wk).toContain('kserve-default');
    const tolerations = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];
    const out = run(list([wk, service('chat', SINGLE)], { scheduling: { tolerations } }));
    expect(out.errors).toEqual([]);
    const delta = find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill');
    const merged = mergeSpecs((parse(wk) as Obj).spec, delta.spec) as Obj;
    expect(merged.prefill.template.tolerations).toEqual(tolerations);
  });

  test('an env value over a well-known valueFrom would leave both set: an error, every item unchanged', () => {
    const wk = TEMPLATE.replace(/( +)- name: HOME\n/, '$1- name: POD_IP\n$1  valueFrom:\n$1    fieldRef:\n$1      fieldPath: status.podIP\n$1- name: HOME\n');
    expect(wk).toContain('POD_IP');
    const input = list([wk, service('chat', SINGLE)], { env: { POD_IP: '10.0.0.1' } });
    const out = run(input);
    expect(out.failed).toBe(true);
    expect(out.errors.join('\n')).toMatch(/env POD_IP gets both value \(from baseRef llm\/prod-prefill\) and valueFrom \(from well-known config kserve\/kserve-config-llm-prefill-template\)/);
    const err = out.results.find((r) => r.severity === 'error');
    expect(err?.field?.path).toBe('spec.prefill.template.containers[name=main].env[name=POD_IP]');
    expect(out.text.replace(/\nresults:[\s\S]*$/, '')).toBe(input.replace(/\nfunctionConfig:[\s\S]*$/, '') + input.slice(input.indexOf('\nfunctionConfig:')).replace(/\n$/, ''));
  });

  test('vllmArgs are composed over the well-known VLLM_ADDITIONAL_ARGS, and a result says so', () => {
    const wk = TEMPLATE.replace(/( +)- name: HOME\n/, '$1- name: VLLM_ADDITIONAL_ARGS\n$1  value: --enforce-eager\n$1- name: HOME\n');
    const out = run(list([wk, service('chat', SINGLE)], { vllmArgs: ['--max-model-len', '4096'] }));
    expect(out.errors).toEqual([]);
    const delta = find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill');
    expect(envOf(delta.spec.prefill.template, 'VLLM_ADDITIONAL_ARGS')).toEqual({ name: 'VLLM_ADDITIONAL_ARGS', value: '--enforce-eager --max-model-len 4096' });
    expect(out.results.map((r) => r.message).join('\n')).toMatch(/VLLM_ADDITIONAL_ARGS in this delta is the overlay's vllmArgs \(--max-model-len 4096\) appended to the well-known value of kserve\/kserve-config-llm-prefill-template \(--enforce-eager\): env entries merge by name/);
  });

  test('precedence: a preset field the delta overrides, and a service field shadowing the delta, are reported', () => {
    const preset = config('team-preset', 'llm', { template: { containers: [{ name: 'main', image: 'team:v1' }] } });
    const svc = service('chat', { ...SINGLE, template: { containers: [{ name: 'main', env: [{ name: 'A', value: 'mine' }] }] } }, { baseRefs: [{ name: 'team-preset' }] });
    const out = run(list([preset, svc], { image: 'img:v2', env: { A: 'x' } }));
    expect(out.errors).toEqual([]);
    const warnings = out.results.filter((r) => r.severity === 'warning');
    expect(warnings.map((w) => [w.field?.path, w.message])).toEqual([
      ['spec.prefill.template.containers[name=main].image', expect.stringMatching(/^baseRef llm\/team-preset sets .*image to "team:v1"; the overlay's delta prod-prefill, later in spec.baseRefs, overrides it with "img:v2"/)],
      ['spec.prefill.template.containers[name=main].env[name=A].value', expect.stringMatching(/^the service sets .* to "mine", over the overlay's delta prod-prefill \("x"\): the service is the last layer and wins/)],
    ]);
  });

  test('affinity merges part by part: a well-known nodeAffinity the overlay does not set is reported', () => {
    const wk = TEMPLATE.replace(/^( +)containers:\n/m, '$1affinity:\n$1  nodeAffinity:\n$1    preferredDuringSchedulingIgnoredDuringExecution: []\n$1containers:\n');
    const podAntiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] };
    const out = run(list([wk, service('chat', SINGLE)], { scheduling: { affinity: { podAntiAffinity } } }));
    const warning = out.results.find((r) => r.severity === 'warning' && r.field?.path === 'spec.prefill.template.affinity');
    expect(warning?.message).toMatch(/^affinity merges part by part in KServe: nodeAffinity of a lower layer stays/);
  });

  test('Flux escaping applies to the deltas, and a second run changes nothing', () => {
    const spec = { env: { GREETING: 'home is ${HOME}' }, pipeline: { engine: 'flux', flux: { substitution: 'escape' } } };
    const first = run(list([service('chat', SINGLE)], spec));
    expect(first.errors).toEqual([]);
    const delta = find(first.all, 'LLMInferenceServiceConfig', 'prod-prefill');
    expect(envOf(delta.spec.prefill.template, 'GREETING')?.value).toBe('home is $${HOME}');
    const again = runFunction(first.text);
    expect(again.failed).toBe(false);
    const strip = (t: string) => t.replace(/\nresults:[\s\S]*$/, '');
    expect(strip(again.text)).toBe(strip(first.text));
  });

  test('checks run on the layered view: the GPU math sees the delta and the service', () => {
    const out = run(list([service('moe', { ...DP, parallelism: { data: 4, dataLocal: 2, tensor: 1 } })], { resources: { gpus: 8 } }));
    expect(out.errors.join('\n')).toMatch(/the pod requests 8 GPU\(s\) but vLLM runs tensor \(1\) × dataLocal \(2\) = 2/);
  });

  test('an overlay name that makes a delta look like a well-known config is an error', () => {
    const out = run(list([service('chat', SINGLE)], { overlay: 'kserve-config-llm-x' }));
    expect(out.errors.join('\n')).toMatch(/like KServe's well-known configs/);
  });

  test('a delta the input already has is rebuilt in place when the overlay changed, keeping its file', () => {
    const svc = service('chat', SINGLE).replace('namespace: llm\n', 'namespace: llm\n  annotations:\n    internal.config.kubernetes.io/path: apps/services.yaml\n');
    const first = run(list([svc], { image: 'img:v1', env: { OLD: 'x' } }));
    expect(first.text).toContain('internal.config.kubernetes.io/path: apps/prod-prefill.yaml');
    const moved = first.text.replace('internal.config.kubernetes.io/path: apps/prod-prefill.yaml', 'internal.config.kubernetes.io/path: deltas/prod.yaml');
    const input = moved.replace(/image: img:v1/g, 'image: img:v1').replace(/functionConfig:[\s\S]*$/, '') + list([], { image: 'img:v2' }).replace(/^[\s\S]*?functionConfig:/, 'functionConfig:');
    const out = run(input);
    expect(out.errors).toEqual([]);
    const deltas = out.all.filter((r) => r.kind === 'LLMInferenceServiceConfig');
    expect(deltas).toHaveLength(1);
    expect(deltas[0].metadata.annotations['internal.config.kubernetes.io/path']).toBe('deltas/prod.yaml');
    // Only what the overlay sets now: the env entry it no longer sets is gone.
    expect(main(deltas[0].spec.prefill.template)).toEqual({ name: 'main', image: 'img:v2' });
  });

  test('the summary counts the delta configs layer mode wrote, not managed configs', () => {
    const summary = (out: { results: { message: string }[] }) => out.results.map((r) => r.message).find((m) => m.startsWith('overlay prod: '));
    const first = run(list([service('chat', SINGLE), service('moe', DP)], { image: 'img:v1' }));
    // Fields: a baseRef per service; per delta its overlay label and the image of each pod (1 + 2).
    expect(summary(first)).toBe('overlay prod: 2 delta config(s) added, 0 rebuilt, 2 service(s) patched, 4 resource(s) changed, 7 field(s) set');
    const again = run(first.text);
    expect(summary(again)).toBe('overlay prod: 0 delta config(s) added, 0 rebuilt, 0 service(s) patched, 0 resource(s) changed, 0 field(s) set');
    const changed = run(first.text.replace(/functionConfig:[\s\S]*$/, '') + list([], { image: 'img:v2' }).replace(/^[\s\S]*?functionConfig:/, 'functionConfig:'));
    expect(summary(changed)).toMatch(/^overlay prod: 0 delta config\(s\) added, 2 rebuilt, 0 service\(s\) patched, 2 resource\(s\) changed, /);
  });

  test('a service that changes shape gets the other delta; the unused one is reported', () => {
    const first = run(list([service('moe', DP)], { image: 'img:v2' }));
    const single = first.text.replace(/\n( +)worker:\n\1  containers:\n\1    - name: main\n/, '\n').replace(/data: 2\n( +)dataLocal: 1\n/, '');
    expect(find(items(single), 'LLMInferenceService', 'moe').spec.prefill.worker).toBeUndefined();
    const out = run(single);
    expect(find(out.all, 'LLMInferenceService', 'moe').spec.baseRefs).toEqual([{ name: 'prod-prefill' }]);
    expect(out.results.map((r) => r.message)).toContain('prod-prefill-data-parallel is no longer used by a selected service: delete it when no other service refers to it');
  });

  test('a later baseRef that shadows a delta field is reported', () => {
    const late = config('late-preset', 'llm', { template: { containers: [{ name: 'main', image: 'late:v9' }] } });
    const picked = service('chat', SINGLE).replace('namespace: llm\n', 'namespace: llm\n  labels: {tier: gpu}\n');
    const other = service('chat-2', SINGLE, { baseRefs: [{ name: 'prod-prefill' }, { name: 'late-preset' }] });
    const out = run(list([late, picked, other], { image: 'img:v2', services: { selector: { matchLabels: { tier: 'gpu' } } } }));
    const warnings = out.results.filter((r) => r.severity === 'warning' && r.resourceRef?.name === 'chat-2');
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^baseRef llm\/late-preset sets .*image to "late:v9", over the overlay's delta prod-prefill \("img:v2"\): a later baseRef wins/)]);
  });

  test('Argo CD: the deltas get the configs\' sync wave, so they exist before the services', () => {
    const out = run(list([service('chat', SINGLE)], { image: 'img:v2', pipeline: { engine: 'argocd' } }));
    expect(find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  });

  test('the ConfigMap form takes mode as a flat key (kpt fn eval -- mode=layer)', () => {
    const input = list([service('chat', SINGLE)], {}).replace(/functionConfig:[\s\S]*$/, 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: fn}\n  data: {overlay: prod, mode: layer, image: "img:v2"}\n');
    const out = run(input);
    expect(out.errors).toEqual([]);
    expect(main(find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill').spec.prefill.template).image).toBe('img:v2');
  });

  test('the delta is written next to the service under kpt', () => {
    const svc = service('chat', SINGLE).replace('namespace: llm\n', 'namespace: llm\n  annotations:\n    internal.config.kubernetes.io/path: apps/services.yaml\n');
    const out = run(list([svc], { image: 'img:v2' }));
    const delta = find(out.all, 'LLMInferenceServiceConfig', 'prod-prefill');
    expect(delta.metadata.annotations['internal.config.kubernetes.io/path']).toBe('apps/prod-prefill.yaml');
    // Without kpt there is no path to set: none reaches the file mode's output (and the cluster).
    const plain = find(run(list([service('chat', SINGLE)], { image: 'img:v2' })).all, 'LLMInferenceServiceConfig', 'prod-prefill');
    expect(plain.metadata.annotations).toBeUndefined();
  });
});

describe('layer mode: findings about a pod field sit on the layer that sets it', () => {
  test('the GPU error is on the delta that requests the GPUs, at a path that exists there', () => {
    const out = run(list([service('moe', { ...DP, parallelism: { data: 4, dataLocal: 2, tensor: 1 } })], { resources: { gpus: 8 } }));
    const gpu = out.results.filter((r) => r.severity === 'error' && /the pod requests 8 GPU/.test(r.message));
    expect(gpu.map((r) => `${r.resourceRef?.namespace}/${r.resourceRef?.name} ${r.field?.path}`)).toEqual([
      'llm/prod-prefill-data-parallel spec.prefill.template.containers[0].resources.limits.nvidia.com/gpu',
      'llm/prod-prefill-data-parallel spec.prefill.worker.containers[0].resources.limits.nvidia.com/gpu',
    ]);
  });

  test("the service's own GPU request wins over the delta: the error is on the service and says so", () => {
    const own = { ...DP, parallelism: { data: 4, dataLocal: 2, tensor: 1 }, template: { containers: [{ name: 'main', resources: { limits: { 'nvidia.com/gpu': 4 }, requests: { 'nvidia.com/gpu': 4 } } }] } };
    const out = run(list([service('moe', own)], { resources: { gpus: 2 } }));
    const gpu = out.results.find((r) => r.severity === 'error' && /the pod requests 4 GPU/.test(r.message));
    expect(gpu?.resourceRef?.name).toBe('moe');
    expect(gpu?.field?.path).toBe('spec.prefill.template.containers[0].resources.limits.nvidia.com/gpu');
    expect(gpu?.message).toMatch(/the service's own request, which wins over the PrefillOverlay's spec\.resources\.gpus/);
  });
});

describe('layer mode: the shape rule for the overlay parallelism is the one patch mode uses', () => {
  test('a single-pod service gets no data-parallel fields, on the first run and on the next (its own delta does not count as a preset)', () => {
    const first = run(list([service('chat', SINGLE)], { parallelism: { data: 4, dataLocal: 2, tensor: 1 } }));
    expect(find(first.all, 'LLMInferenceService', 'chat').spec.prefill.parallelism).toEqual({ tensor: 1 });
    expect(first.results.some((r) => r.severity === 'warning' && r.resourceRef?.name === 'chat' && /not written into this service/.test(r.message))).toBe(true);
    const again = run(first.text);
    expect(find(again.all, 'LLMInferenceService', 'chat').spec.prefill.parallelism).toEqual({ tensor: 1 });
  });

  test("a data-parallel service that lost its worker is single-pod again, though its old baseRef (the overlay's data-parallel delta) has one", () => {
    const first = run(list([service('moe', DP)], { parallelism: { data: 4, dataLocal: 2, tensor: 1 } }));
    expect(first.errors).toEqual([]);
    const lost = first.text.replace(/( +)worker:\n\1  containers:\n\1    - name: main\n/, '').replace(/data: 4\n(\s+)dataLocal: 2\n/, '');
    const again = run(lost);
    expect(find(again.all, 'LLMInferenceService', 'moe').spec.prefill.worker).toBeUndefined();
    expect(again.results.some((r) => r.resourceRef?.name === 'moe' && /not written into this service/.test(r.message))).toBe(true);
  });
});
