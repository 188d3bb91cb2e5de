/**
 * gitops/flux/hydrate.sh on a copy of overlays/ and base/, with `llm-prefill-fn` on PATH (a symlink
 * to dist/llm-prefill-fn.js), and what Flux makes of its output: the post-build substitution is
 * the model in test/support/flux-envsubst.ts (strict mode, as in Flux v2.9+), applied to the text
 * of each hydrated file as kustomize-controller applies it to each resource.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { fluxSubstitute } from '../support/flux-envsubst';
import { fluxPostBuild } from '../support/flux-postbuild';
import { FUNCTION_BIN, git, requireBuild, ROOT } from '../support/tools';
import { tempDir } from '../support/temp-dirs';

const HYDRATE = join(ROOT, 'gitops/flux/hydrate.sh');
// The shipped overlays, by name: one a user adds to overlays/ is not copied into the workspace.
const ENVS = ['dev', 'prod', 'staging'];
const SUBSTITUTE = 'kustomize.toolkit.fluxcd.io/substitute';
const ESCAPED = 'llm-prefill.dev/flux-escaped';

interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
}

/** A repository copy (overlays/, base/) and a bin directory with llm-prefill-fn. */
function workspace(): { dir: string; bin: string } {
  const top = tempDir('gitops-flux-');
  const dir = join(top, 'repo');
  // The shipped overlays by name (one a user adds is not copied), the Flux one, and the Flux example.
  for (const sub of ['base', 'gitops/flux', ...[...ENVS, 'prod-flux'].map((env) => `overlays/${env}`)]) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  const bin = join(top, 'bin');
  mkdirSync(bin);
  symlinkSync(FUNCTION_BIN, join(bin, 'llm-prefill-fn'));
  return { dir, bin };
}

/** A PATH with node and the usual tools but no llm-prefill-fn, and `first` in front. */
function pathWith(first?: string): string {
  return [first, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].filter(Boolean).join(':');
}

function hydrate(ws: { dir: string; bin?: string }, ...args: string[]): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWith(ws.bin) };
  delete env.LLM_PREFILL_FN;
  delete env.HYDRATE_ROOT;
  return spawnSync(HYDRATE, args, { cwd: ws.dir, encoding: 'utf8', env });
}

/** The hydrated files of an overlay, kustomization.yaml apart: file name -> text. */
function hydrated(dir: string, env: string): Map<string, string> {
  const out = join(dir, 'hydrated', env);
  return new Map(
    readdirSync(out)
      .filter((f) => f !== 'kustomization.yaml')
      .sort()
      .map((f) => [f, readFileSync(join(out, f), 'utf8')]),
  );
}

/** Sets spec.pipeline (and optionally spec.image) of an overlay's PrefillOverlay, keeping comments. */
function configure(dir: string, env: string, pipeline: unknown, image?: string): void {
  const file = join(dir, 'overlays', env, 'prefill-overlay.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['spec', 'pipeline'], doc.createNode(pipeline));
  if (image !== undefined) doc.setIn(['spec', 'image'], image);
  writeFileSync(file, doc.toString());
}

function parseOne(text: string, what: string): Resource {
  const docs = parseAllDocuments(text);
  expect([what, docs.length]).toEqual([what, 1]);
  expect([what, docs[0].errors.map((e) => e.message)]).toEqual([what, []]);
  return docs[0].toJS() as Resource;
}

/** A resource without the escape marker (and without an annotations map that held only it). */
function withoutEscapeMark(r: Resource): Resource {
  const copy = JSON.parse(JSON.stringify(r)) as Resource;
  if (copy.metadata.annotations) {
    delete copy.metadata.annotations[ESCAPED];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}

/** What Flux applies from a hydrated file: skipped when substitute is disabled, else substituted (strict). */
function fluxApply(text: string, vars: Record<string, string>): { ok: true; text: string } | { ok: false; error: string } {
  const r = parse(text) as Resource;
  if (r.metadata.annotations?.[SUBSTITUTE] === 'disabled') return { ok: true, text };
  return fluxSubstitute(text, vars, true);
}

describe('gitops/flux/hydrate.sh', () => {
  beforeAll(requireBuild);

  test('hydrates every overlay named: a kustomization listing exactly the files written, plain manifests only', () => {
    const ws = workspace();
    const run = hydrate(ws, ...ENVS);
    expect(run.stderr).not.toMatch(/\[error\]/);
    expect(run.status).toBe(0);
    for (const env of ENVS) expect(run.stdout).toMatch(new RegExp(`^\\s*${env}: 3 manifest\\(s\\) in hydrated/${env}$`, 'm'));

    for (const env of ENVS) {
      const out = join(ws.dir, 'hydrated', env);
      const kustomization = parse(readFileSync(join(out, 'kustomization.yaml'), 'utf8')) as { kind: string; resources: string[] };
      expect(kustomization.kind).toBe('Kustomization');
      const files = readdirSync(out).filter((f) => f !== 'kustomization.yaml');
      expect([...kustomization.resources].sort()).toEqual(files.sort());

      const resources = [...hydrated(ws.dir, env)].map(([f, text]) => parseOne(text, `${env}/${f}`));
      expect(resources.map((r) => `${r.kind}/${r.metadata.name}`).sort()).toEqual([
        'LLMInferenceService/llama-3-8b-pd',
        'LLMInferenceServiceConfig/kserve-config-llm-prefill-template',
        'LLMInferenceServiceConfig/kserve-config-llm-prefill-worker-data-parallel',
      ]);
      for (const r of resources) {
        expect(r.kind).not.toBe('PrefillOverlay');
        expect(r.metadata.annotations?.['config.kubernetes.io/local-config']).toBeUndefined();
      }
      // The overlay's own settings are in (hydrate did run the function on this overlay).
      const cfg = parse(readFileSync(join(ROOT, 'overlays', env, 'prefill-overlay.yaml'), 'utf8')) as { spec: { overlay: string } };
      expect(readFileSync(join(out, 'kserve_llminferenceserviceconfig_kserve-config-llm-prefill-template.yaml'), 'utf8')).toContain(`llm-prefill.dev/overlay: ${cfg.spec.overlay}`);
    }
    // Nothing of the staging directories is left behind.
    expect(readdirSync(join(ws.dir, 'hydrated')).sort()).toEqual(ENVS);
    // The overlays deploy with engine none: the script says Flux's substitution would hit them.
    expect(run.stderr).toMatch(/warning: hydrated\/prod: .*kserve-config-llm-prefill-template\.yaml.*Flux's post-build substitution/);
  });

  test('stops at the first overlay that fails, with a clear message, and keeps its previous output', () => {
    const ws = workspace();
    expect(hydrate(ws, ...ENVS).status).toBe(0);
    const before = hydrated(ws.dir, 'prod');

    // prod (the second overlay in order) gets a field the schema does not know.
    const file = join(ws.dir, 'overlays/prod/prefill-overlay.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  sharedMemory: 16Gi', '  sharedMemory: 16Gi\n  sharedMemroy: 32Gi'));
    rmSync(join(ws.dir, 'hydrated/staging'), { recursive: true });
    const run = hydrate(ws, ...ENVS);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/FAILED: llm-prefill-fn render overlays\/prod/);
    expect(run.stderr).toMatch(/sharedMemroy/); // the function's own result is shown
    expect(hydrated(ws.dir, 'prod')).toEqual(before);
    // staging comes after prod: not rendered.
    expect(existsSync(join(ws.dir, 'hydrated/staging'))).toBe(false);
    expect(readdirSync(join(ws.dir, 'hydrated')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('--check passes when hydrated/ is committed and up to date, fails when an overlay changed', () => {
    const ws = workspace();
    expect(hydrate(ws, ...ENVS).status).toBe(0);
    // A file of a resource that no longer exists must disappear on the next run.
    writeFileSync(join(ws.dir, 'hydrated/dev/stale.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stale}\n');
    git(ws.dir, 'init', '-q');
    git(ws.dir, 'add', '-A');
    git(ws.dir, '-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-qm', 'hydrated');

    const stale = hydrate(ws, '--check', ...ENVS);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('hydrated/dev/stale.yaml');
    git(ws.dir, 'add', '-A');
    git(ws.dir, '-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-qm', 'drop stale');

    const ok = hydrate(ws, '--check', ...ENVS);
    expect(ok.stderr).not.toMatch(/FAILED/);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('up to date');

    configure(ws.dir, 'staging', { engine: 'none' }, 'ghcr.io/llm-d/llm-d-cuda:v0.9.1');
    const changed = hydrate(ws, '--check', ...ENVS);
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/FAILED: hydrated\/ is not up to date/);
    expect(changed.stderr).toContain('hydrated/staging/kserve_llminferenceserviceconfig_kserve-config-llm-prefill-template.yaml');
    expect(changed.stderr).not.toContain('hydrated/prod/');
  });

  test('finds the function as dist/llm-prefill-fn.js when it is not on PATH; renders only the overlays named', () => {
    const ws = workspace();
    mkdirSync(join(ws.dir, 'dist'));
    cpSync(FUNCTION_BIN, join(ws.dir, 'dist/llm-prefill-fn.js'));
    const run = hydrate({ dir: ws.dir }, 'staging');
    expect(run.status).toBe(0);
    expect(readdirSync(join(ws.dir, 'hydrated'))).toEqual(['staging']);

    const missing = hydrate(ws, 'qa');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('overlays/qa does not exist');
  });
});

describe('hydrated output under Flux post-build substitution (strict mode)', () => {
  beforeAll(requireBuild);

  /** prod rendered with engine none and the image tag written out: what must reach the cluster. */
  function reference(): Map<string, string> {
    const ws = workspace();
    configure(ws.dir, 'prod', { engine: 'none' }, 'ghcr.io/llm-d/llm-d-cuda:v0.9.0');
    const run = hydrate(ws, 'prod');
    expect(run.status).toBe(0);
    return hydrated(ws.dir, 'prod');
  }

  test('unprotected output (engine none) is exactly what Flux would break', () => {
    const files = reference();
    const failures = [...files].filter(([, text]) => !fluxApply(text, { IMAGE_TAG: 'v0.9.0' }).ok).map(([f]) => f);
    expect(failures).toEqual(expect.arrayContaining(['kserve_llminferenceserviceconfig_kserve-config-llm-prefill-template.yaml', 'kserve_llminferenceserviceconfig_kserve-config-llm-prefill-worker-data-parallel.yaml']));
  });

  test('escape + deferToFlux: Flux fills IMAGE_TAG and gives back exactly the engine-none output', () => {
    const ws = workspace();
    configure(ws.dir, 'prod', { engine: 'flux', flux: { substitution: 'escape' }, variables: { IMAGE_TAG: { deferToFlux: true } } }, 'ghcr.io/llm-d/llm-d-cuda:${IMAGE_TAG}');
    const run = hydrate(ws, 'prod');
    expect(run.stderr).not.toMatch(/\[error\]/);
    expect(run.status).toBe(0);
    // Escaped resources are not reported as exposed to Flux.
    expect(run.stderr).not.toMatch(/warning: hydrated\/prod/);

    const files = hydrated(ws.dir, 'prod');
    const want = reference();
    expect([...files.keys()]).toEqual([...want.keys()]);
    const all = [...files.values()].join('\n');
    expect(all).toContain('ghcr.io/llm-d/llm-d-cuda:${IMAGE_TAG}'); // left for Flux
    expect(all).toContain('$${VLLM_ADDITIONAL_ARGS}'); // escaped

    for (const [file, text] of files) {
      const applied = fluxApply(text, { IMAGE_TAG: 'v0.9.0' });
      if (!applied.ok) throw new Error(`${file}: Flux substitution fails: ${applied.error}`);
      expect([file, withoutEscapeMark(parseOne(applied.text, file))]).toEqual([file, parseOne(want.get(file) as string, file)]);
    }
    // Without a value for the deferred variable, strict mode refuses (instead of an empty tag).
    const template = files.get('kserve_llminferenceserviceconfig_kserve-config-llm-prefill-template.yaml') as string;
    expect(fluxApply(template, {})).toMatchObject({ ok: false, error: expect.stringContaining('IMAGE_TAG') });
  });

  test('protect with a deferToFlux variable is refused (Flux would never fill it): hydrate stops', () => {
    const ws = workspace();
    configure(ws.dir, 'prod', { engine: 'flux', flux: { substitution: 'protect' }, variables: { IMAGE_TAG: { deferToFlux: true } } }, 'ghcr.io/llm-d/llm-d-cuda:${IMAGE_TAG}');
    const run = hydrate(ws, 'prod');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\[error\].*IMAGE_TAG.*substitution: escape/);
    expect(existsSync(join(ws.dir, 'hydrated/prod'))).toBe(false);
  });

  // Escaping rewrites every script; the reprinter does it in place, so comments stay put.
  test('escape keeps each config file\'s own header comment', () => {
    const ws = workspace();
    configure(ws.dir, 'prod', { engine: 'flux', flux: { substitution: 'escape' }, variables: { IMAGE_TAG: { deferToFlux: true } } }, 'ghcr.io/llm-d/llm-d-cuda:${IMAGE_TAG}');
    expect(hydrate(ws, 'prod').status).toBe(0);
    const files = hydrated(ws.dir, 'prod');
    const want = reference();
    const header = (text: string) => text.slice(0, text.search(/^apiVersion:/m));
    for (const [file, text] of files) {
      expect([file, header(text)]).toEqual([file, header(want.get(file) as string)]);
      // Comment lines after the last YAML line belong to no other item's header.
      expect([file, text.trimEnd().split('\n').pop()?.startsWith('#')]).toEqual([file, false]);
    }
  });

  test('protect: every hydrated resource that contains ${ carries substitute: disabled, and Flux leaves the output as it is', () => {
    const ws = workspace();
    configure(ws.dir, 'prod', { engine: 'flux', flux: { substitution: 'protect' } });
    const run = hydrate(ws, 'prod');
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/warning: hydrated\/prod/);

    const files = hydrated(ws.dir, 'prod');
    const withDollar = [...files].filter(([, text]) => text.includes('${'));
    expect(withDollar.length).toBeGreaterThanOrEqual(2);
    for (const [file, text] of withDollar) {
      expect([file, parseOne(text, file).metadata.annotations?.[SUBSTITUTE]]).toEqual([file, 'disabled']);
    }
    const want = reference();
    for (const [file, text] of files) {
      const applied = fluxApply(text, { IMAGE_TAG: 'v0.9.0', CLUSTER: 'prod-eu-west-1' });
      if (!applied.ok) throw new Error(`${file}: Flux substitution fails: ${applied.error}`);
      expect(applied.text).toBe(text);
      const r = parseOne(text, file);
      delete r.metadata.annotations?.[SUBSTITUTE];
      if (r.metadata.annotations && Object.keys(r.metadata.annotations).length === 0) delete r.metadata.annotations;
      expect([file, r]).toEqual([file, parseOne(want.get(file) as string, file)]);
    }
  });
});

describe('the shipped Flux example: overlays/prod-flux applied by gitops/flux/kustomization.yaml', () => {
  beforeAll(requireBuild);
  const KUSTOMIZATION = parse(readFileSync(join(ROOT, 'gitops/flux/kustomization.yaml'), 'utf8')) as {
    spec: { path: string; postBuild: { substitute: Record<string, string>; substituteStrategy?: 'Always' | 'WithVariables' } };
  };
  const FLUX_ENV = KUSTOMIZATION.spec.path.replace(/^\.\/hydrated\//, '');

  test('hydrate.sh on the shipped overlays: only the Flux overlays, no warning', () => {
    const ws = workspace();
    const run = hydrate(ws);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/warning|note:/);
    expect(run.stderr).toMatch(/skipped \(not engine: flux/);
    expect(readdirSync(join(ws.dir, 'hydrated'))).toContain(FLUX_ENV);
    expect(FLUX_ENV).toBe('prod-flux');
  });

  test.each([true, false])('Flux (strict %s) gives back engine none`s output with the Kustomization`s IMAGE_TAG', (strict) => {
    const ws = workspace();
    expect(hydrate(ws, FLUX_ENV).status).toBe(0);
    const files = hydrated(ws.dir, FLUX_ENV);
    const post = { substitute: KUSTOMIZATION.spec.postBuild.substitute, strict, strategy: KUSTOMIZATION.spec.postBuild.substituteStrategy };
    expect(post.strategy).toBe('Always');
    const applied = fluxPostBuild([...files.values()], post);
    if (!applied.ok) throw new Error(applied.error);

    const ref = workspace();
    configure(ref.dir, FLUX_ENV, { engine: 'none' }, `ghcr.io/llm-d/llm-d-cuda:${KUSTOMIZATION.spec.postBuild.substitute.IMAGE_TAG}`);
    expect(hydrate(ref, FLUX_ENV).status).toBe(0);
    const want = [...hydrated(ref.dir, FLUX_ENV).values()].map((t) => parseOne(t, 'reference'));
    expect(applied.resources.map((r) => withoutEscapeMark(r as Resource))).toEqual(want);
  });

  test('without substituteStrategy: Always and without variables, the escaped text would reach the cluster: --check fails', () => {
    const ws = workspace();
    expect(hydrate(ws, FLUX_ENV).status).toBe(0);
    const skipped = fluxPostBuild([...hydrated(ws.dir, FLUX_ENV).values()], { substitute: {}, strict: true, strategy: 'WithVariables' });
    expect(JSON.stringify(skipped)).toContain('$${VLLM_ADDITIONAL_ARGS}');
    // With Always and no IMAGE_TAG, strict mode refuses instead of an empty tag.
    expect(fluxPostBuild([...hydrated(ws.dir, FLUX_ENV).values()], { substitute: {}, strict: true, strategy: 'Always' })).toMatchObject({ ok: false, error: expect.stringContaining('IMAGE_TAG') });

    const file = join(ws.dir, 'gitops/flux/kustomization.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ +substituteStrategy: Always\n/m, ''));
    git(ws.dir, 'init', '-q');
    git(ws.dir, 'add', '-A');
    git(ws.dir, '-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-qm', 'hydrated');
    const check = hydrate(ws, '--check', FLUX_ENV);
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/FAILED: without any variable Flux skips substitution.*\n.*gitops\/flux\/kustomization\.yaml applies hydrated\/prod-flux/);
    const plain = hydrate(ws, FLUX_ENV);
    expect(plain.status).toBe(0);
    expect(plain.stderr).toContain('warning: without any variable Flux skips substitution');
  });

  test('engine flux with an unmanaged resource Flux would break: the function warns, hydrate.sh advises flux.scope: all', () => {
    const ws = workspace();
    writeFileSync(join(ws.dir, 'overlays', FLUX_ENV, 'weird.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: weird-but-valid, namespace: llm}\ndata: {script: "echo ${#ARR[@]}"}\n');
    const k = join(ws.dir, 'overlays', FLUX_ENV, 'kustomization.yaml');
    writeFileSync(k, readFileSync(k, 'utf8').replace('  - ../../base\n', '  - ../../base\n  - weird.yaml\n'));
    const run = hydrate(ws, FLUX_ENV);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/ConfigMap\/llm\/weird-but-valid.*flux\.scope: all|weird-but-valid[\s\S]*flux\.scope: all/);
    expect(run.stderr).toMatch(/warning: hydrated\/prod-flux: .*llm_configmap_weird-but-valid\.yaml.*set spec\.pipeline\.flux\.scope: all/);

    configure(ws.dir, FLUX_ENV, { engine: 'flux', flux: { substitution: 'escape', scope: 'all' }, variables: { IMAGE_TAG: { deferToFlux: true } } });
    const all = hydrate(ws, FLUX_ENV);
    expect(all.status).toBe(0);
    expect(all.stderr).not.toMatch(/warning/);
    const applied = fluxPostBuild([...hydrated(ws.dir, FLUX_ENV).values()], { substitute: { IMAGE_TAG: 'v1' }, strict: true, strategy: 'Always' });
    expect(applied.ok).toBe(true);
    expect(JSON.stringify(applied)).toContain('echo ${#ARR[@]}');
  });
});
