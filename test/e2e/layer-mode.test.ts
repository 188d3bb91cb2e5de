/**
 * Layer mode end to end (issue 18): overlays/prod-layer renders the same effective prefill pods as
 * overlays/prod, without KServe's configs in its output. "Effective" is what KServe computes:
 * prod's patched well-known config under the service; for prod-layer, KServe's installed
 * well-known config (here base/, the v0.20.0 shape the function embeds), then the service's
 * baseRefs in order (the delta), then the service. The merge is validate/merged-view.ts, KServe's
 * strategic merge as the rest of the checks model it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { mergeSpecs, prefillConfigFor } from '../../functions/src/validate/merged-view';
import { describeWithTool, dockerShim, FUNCTION_BIN, requireBuild, ROOT } from '../support/tools';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed manifests

const WELL_KNOWN: Record<string, string> = {
  template: 'base/config-llm-prefill-template.yaml',
  dataParallel: 'base/config-llm-prefill-worker-data-parallel.yaml',
};
const SUFFIX: Record<string, string> = { template: 'config-llm-prefill-template', dataParallel: 'config-llm-prefill-worker-data-parallel' };

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [FUNCTION_BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
}

function render(overlay: string): Obj[] {
  const out = cli(['render', `overlays/${overlay}`]);
  expect(out.stderr).not.toMatch(/\[error\]/);
  expect(out.status).toBe(0);
  return parseAllDocuments(out.stdout).map((d) => d.toJS() as Obj);
}

const services = (docs: Obj[]) => docs.filter((d) => d.kind === 'LLMInferenceService');
const configNamed = (docs: Obj[], name: string, namespace?: string): Obj =>
  docs.find((d) => d.kind === 'LLMInferenceServiceConfig' && d.metadata.name === name && (namespace === undefined || d.metadata.namespace === namespace)) as Obj;

/** prod: the patched well-known config KServe picks by shape, under the service. */
function patchModeView(docs: Obj[], service: Obj): Obj {
  const role = prefillConfigFor(service.spec) as string;
  return mergeSpecs(configNamed(docs, `kserve-${SUFFIX[role]}`).spec, service.spec);
}

/** prod-layer: the installed well-known config, each baseRef in order, then the service. */
function layerModeView(docs: Obj[], service: Obj): Obj {
  const refs = (service.spec.baseRefs as { name: string }[]).map((r) => configNamed(docs, r.name, service.metadata.namespace).spec as Obj);
  const role = prefillConfigFor(mergeSpecs(...refs, service.spec)) as string;
  const wellKnown = (parse(readFileSync(join(ROOT, WELL_KNOWN[role]), 'utf8')) as Obj).spec;
  return mergeSpecs(wellKnown, ...refs, service.spec);
}

/** What a pod runs with, per prefill pod spec, in a stable order (env and volumes sorted by name). */
function effectivePods(spec: Obj): Obj {
  const byName = (list: Obj[] | undefined) => [...(list ?? [])].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const out: Obj = { parallelism: spec.prefill.parallelism, replicas: spec.prefill.replicas, labels: spec.prefill.labels, annotations: spec.prefill.annotations };
  for (const role of ['template', 'worker']) {
    const pod = spec.prefill[role] as Obj | undefined;
    if (!pod) continue;
    const { env, volumeMounts, ...main } = (pod.containers as Obj[]).find((c) => c.name === 'main') as Obj;
    const { containers: _c, volumes, ...scheduling } = pod;
    out[role] = { main: { ...main, env: byName(env), volumeMounts: byName(volumeMounts) }, volumes: byName(volumes), scheduling };
  }
  return out;
}

/** The vllm lines of `preview` (the vllm serve line and VLLM_ADDITIONAL_ARGS, per pod) and the pod lines. */
function previewLines(overlay: string): string[] {
  const out = cli(['preview', `overlays/${overlay}`]);
  expect(out.status).toBe(0);
  return out.stdout.split('\n').filter((l) => /^\s+(vllm serve|VLLM_ADDITIONAL_ARGS=|\[prefill|replicas )/.test(l));
}

describe('overlays/prod-layer (layer mode) against overlays/prod (patch mode)', () => {
  beforeAll(requireBuild);

  test('the same effective prefill pods per service: image, env, resources, volumes, scheduling, parallelism', () => {
    const prod = render('prod');
    const layer = render('prod-layer');
    const names = (docs: Obj[]) => services(docs).map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort();
    expect(names(layer)).toEqual(names(prod));
    expect(services(prod).length).toBeGreaterThan(0);
    for (const service of services(prod)) {
      const twin = services(layer).find((s) => s.metadata.name === service.metadata.name && s.metadata.namespace === service.metadata.namespace) as Obj;
      expect(effectivePods(layerModeView(layer, twin))).toEqual(effectivePods(patchModeView(prod, service)));
    }
  });

  test("prod-layer leaves KServe's configs out: only its services and the delta of their shape", () => {
    const layer = render('prod-layer');
    expect(layer.filter((d) => /^kserve-config-/.test(d.metadata.name))).toEqual([]);
    expect(layer.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'LLMInferenceService/llm/llama-3-8b-pd',
      'LLMInferenceServiceConfig/llm/prod-prefill-data-parallel',
    ]);
    expect(services(layer)[0].spec.baseRefs).toEqual([{ name: 'prod-prefill-data-parallel' }]);
  });

  test("preview: the same vllm lines, pods and GPUs", () => {
    const prod = previewLines('prod');
    expect(prod.filter((l) => l.includes('vllm serve'))).toHaveLength(2);
    expect(previewLines('prod-layer')).toEqual(prod);
  });

  test("prod-layer's service is base/'s sample service (kustomize cannot load that one file from outside the overlay)", () => {
    const copy = parse(readFileSync(join(ROOT, 'overlays/prod-layer/llminferenceservice.yaml'), 'utf8')) as Obj;
    expect(copy).toEqual(parse(readFileSync(join(ROOT, 'base/llminferenceservice-sample.yaml'), 'utf8')));
  });
});

describeWithTool('kubectl', 'kubectl kustomize overlays/prod-layer (container form via a docker shim)', (kubectl) => {
  beforeAll(requireBuild);

  test('gives what the file mode renders', () => {
    const fn = parse((parse(readFileSync(join(ROOT, 'overlays/prod-layer/prefill-overlay.yaml'), 'utf8')) as Obj).metadata.annotations['config.kubernetes.io/function']) as Obj;
    const shim = dockerShim(fn.container.image);
    const run = spawnSync(kubectl, ['kustomize', '--enable-alpha-plugins', join(ROOT, 'overlays/prod-layer')], { encoding: 'utf8', env: { ...process.env, PATH: `${shim.dir}:${process.env.PATH}` } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // kustomize hands the function its functionConfig with keys sorted, so env entries of the
    // overlay come in another order: the same env to Kubernetes.
    const sortEnv = (_k: string, v: unknown) => (Array.isArray(v) && v.every((e) => e && typeof e === 'object' && 'name' in e && ('value' in e || 'valueFrom' in e)) ? [...v].sort((a: Obj, b: Obj) => String(a.name).localeCompare(String(b.name))) : v);
    const withoutPath = (d: Obj) => {
      const copy = JSON.parse(JSON.stringify(d), sortEnv) as Obj;
      delete copy.metadata.annotations?.['internal.config.kubernetes.io/path'];
      if (copy.metadata.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
      return copy;
    };
    const key = (d: Obj) => `${d.kind}/${d.metadata.name}`;
    const sorted = (docs: Obj[]) => docs.map(withoutPath).sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(parseAllDocuments(run.stdout).map((d) => d.toJS() as Obj))).toEqual(sorted(render('prod-layer')));
  });
});
