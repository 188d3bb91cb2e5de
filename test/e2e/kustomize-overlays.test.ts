/**
 * `kubectl kustomize --enable-alpha-plugins overlays/<env>` for every overlay, with the container
 * form that the overlays use. This machine has no Docker engine, so a `docker` shim first on PATH
 * (test/support/tools.ts) stands in for it: it checks the image kustomize asked for and runs the
 * local build (dist/llm-prefill-fn.js) instead.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describeWithTool, dockerShim, requireBuild, ROOT } from '../support/tools';

const OVERLAYS = join(ROOT, 'overlays');

interface Doc {
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { prefill?: Record<string, { containers?: { name: string; image?: string; env?: { name: string; value?: string }[] }[] }> };
}

/** What the overlay's own PrefillOverlay asks for, read from its file, and the image it runs. */
function overlayConfig(env: string): { spec: { overlay: string; image?: string; env?: Record<string, string | { valueFrom: unknown }> }; fnImage: string } {
  const cfg = parse(readFileSync(join(OVERLAYS, env, 'prefill-overlay.yaml'), 'utf8')) as Doc & { spec: { overlay: string } };
  const fn = parse(cfg.metadata?.annotations?.['config.kubernetes.io/function'] ?? '') as { container?: { image?: string } };
  return { spec: cfg.spec as { overlay: string }, fnImage: fn.container?.image ?? '' };
}

/** Runs kubectl kustomize on an overlay with the docker shim; the rendered documents. */
function kustomize(kubectl: string, env: string): { docs: Doc[]; calls: string } {
  const shim = dockerShim(overlayConfig(env).fnImage);
  const run = spawnSync(kubectl, ['kustomize', '--enable-alpha-plugins', join(OVERLAYS, env)], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${shim.dir}:${process.env.PATH}` },
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return { docs: parseAllDocuments(run.stdout).map((d) => d.toJS() as Doc), calls: readFileSync(shim.log, 'utf8') };
}

type Pod = { containers?: Container[]; nodeSelector?: Record<string, string>; volumes?: { name: string; emptyDir?: { sizeLimit?: string } }[] };
type Container = { name: string; image?: string; env?: { name: string; value?: string }[]; resources?: { limits?: Record<string, unknown> }; securityContext?: { capabilities?: { add?: string[] } } };

/** Every prefill pod of the two configs, as [config name, role, pod]. */
function prefillPods(docs: Doc[]): [string, string, Pod][] {
  return docs
    .filter((d) => d.kind === 'LLMInferenceServiceConfig')
    .flatMap((d) => (['template', 'worker'] as const).filter((r) => d.spec?.prefill?.[r]).map((r) => [d.metadata?.name ?? '', r, d.spec?.prefill?.[r] as Pod] as [string, string, Pod]));
}

const main = (pod: Pod) => pod.containers?.find((c) => c.name === 'main') as Container;
const env = (c: Container, name: string) => c.env?.find((e) => e.name === name)?.value;

/** What each environment is meant to differ in, written out by hand from the overlays' intent. */
const INTENT: Record<string, { gpus: string; data: number; dataLocal: number; expert?: boolean; roce: string; networks?: string; pool?: string; dshm: string }> = {
  dev: { gpus: '1', data: 1, dataLocal: 1, roce: 'false', dshm: '2Gi' },
  staging: { gpus: '1', data: 2, dataLocal: 1, roce: 'false', pool: 'a100', dshm: '8Gi' },
  prod: { gpus: '8', data: 16, dataLocal: 8, expert: true, roce: 'true', networks: 'roce-p2', pool: 'h200-roce', dshm: '16Gi' },
};

describeWithTool('kubectl', 'kubectl kustomize --enable-alpha-plugins overlays/<env> (container form via a docker shim)', (kubectl) => {
  beforeAll(requireBuild);
  const envs = readdirSync(OVERLAYS);

  test.each(Object.entries(INTENT))('%s shows its intended differences', (name, want) => {
    const { docs } = kustomize(kubectl, name);
    const pods = prefillPods(docs);
    expect(pods).toHaveLength(3);
    for (const [, , pod] of pods) {
      const c = main(pod);
      expect(c.resources?.limits?.['nvidia.com/gpu']).toBe(want.gpus);
      expect(env(c, 'KSERVE_INFER_ROCE')).toBe(want.roce);
      expect(pod.nodeSelector?.['node-pool']).toBe(want.pool);
      expect(pod.volumes?.find((v) => v.name === 'dshm')?.emptyDir?.sizeLimit).toBe(want.dshm);
      if (want.roce === 'true') {
        expect(c.resources?.limits?.['rdma/roce_gdr']).toBe(1);
        expect(c.securityContext?.capabilities?.add).toContain('IPC_LOCK');
      }
      // Sidecars never change: every other container keeps KServe's image or its own.
      for (const other of pod.containers?.filter((x) => x.name !== 'main') ?? []) expect(other.image).not.toBe('ghcr.io/llm-d/llm-d-cuda:v0.9.0');
    }
    for (const config of docs.filter((d) => d.kind === 'LLMInferenceServiceConfig')) {
      expect((config.spec?.prefill as { annotations?: Record<string, string> } | undefined)?.annotations?.['k8s.v1.cni.cncf.io/networks']).toBe(want.networks);
    }
    const services = docs.filter((d) => d.kind === 'LLMInferenceService') as (Doc & { spec: { prefill: { parallelism: Record<string, unknown>; replicas: number }; parallelism?: unknown } })[];
    expect(services.length).toBeGreaterThan(0);
    for (const svc of services) {
      expect(svc.spec.prefill.parallelism).toMatchObject({ data: want.data, dataLocal: want.dataLocal, ...(want.expert ? { expert: true } : {}) });
      expect(svc.spec.prefill.replicas).toBe(1);
    }
  });


  // Every overlay INTENT describes exists (more overlays may: each gets the test below).
  test('the overlays INTENT describes exist', () => expect(envs).toEqual(expect.arrayContaining(Object.keys(INTENT))));

  test.each(envs)('%s: both prefill configs carry the overlay label, image and env', (env) => {
    const { spec, fnImage } = overlayConfig(env);
    const { docs, calls } = kustomize(kubectl, env);
    // The function really ran, through the shim, with the overlay's image.
    expect(calls).toContain(fnImage);

    const configs = docs.filter((d) => d.kind === 'LLMInferenceServiceConfig');
    expect(configs.map((c) => c.metadata?.name).sort()).toEqual(['kserve-config-llm-prefill-template', 'kserve-config-llm-prefill-worker-data-parallel']);
    for (const config of configs) {
      expect(config.metadata?.namespace).toBe('kserve');
      expect(config.metadata?.labels?.['llm-prefill.dev/overlay']).toBe(spec.overlay);
      const pods = Object.values(config.spec?.prefill ?? {}).filter((p) => p && typeof p === 'object' && 'containers' in p);
      expect(pods.length).toBe(config.metadata?.name?.endsWith('data-parallel') ? 2 : 1);
      for (const pod of pods) {
        const main = pod.containers?.find((c) => c.name === 'main');
        if (spec.image) expect(main?.image).toBe(spec.image);
        for (const [name, value] of Object.entries(spec.env ?? {})) {
          const entry = typeof value === 'string' ? { name, value } : { name, ...value };
          expect(main?.env?.filter((e) => e.name === name)).toEqual([entry]);
        }
      }
    }
  });
});
