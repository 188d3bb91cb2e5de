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
function overlayConfig(env: string): { spec: { overlay: string; image?: string; env?: Record<string, string> }; fnImage: string } {
  const cfg = parse(readFileSync(join(OVERLAYS, env, 'prefill-overlay.yaml'), 'utf8')) as Doc & { spec: { overlay: string } };
  const fn = parse(cfg.metadata?.annotations?.['config.kubernetes.io/function'] ?? '') as { container?: { image?: string } };
  return { spec: cfg.spec as { overlay: string }, fnImage: fn.container?.image ?? '' };
}

describeWithTool('kubectl', 'kubectl kustomize --enable-alpha-plugins overlays/<env> (container form via a docker shim)', (kubectl) => {
  beforeAll(requireBuild);
  const envs = readdirSync(OVERLAYS);

  test('there are dev, staging and prod overlays', () => expect(envs).toEqual(expect.arrayContaining(['dev', 'staging', 'prod'])));

  test.each(envs)('%s: both prefill configs carry the overlay label, image and env', (env) => {
    const { spec, fnImage } = overlayConfig(env);
    const shim = dockerShim(fnImage);
    const run = spawnSync(kubectl, ['kustomize', '--enable-alpha-plugins', join(OVERLAYS, env)], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${shim.dir}:${process.env.PATH}` },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The function really ran, through the shim, with the overlay's image.
    expect(readFileSync(shim.log, 'utf8')).toContain(fnImage);

    const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as Doc);
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
          expect(main?.env?.filter((e) => e.name === name)).toEqual([{ name, value }]);
        }
      }
    }
  });
});
