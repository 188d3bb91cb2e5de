/**
 * gitops/argocd/plugin.yaml, run the way Argo CD's cmp-server runs it: the commands come from the
 * plugin file (command + args, no shell of our own), the working directory is the application's
 * path inside a copy of the repository (overlays/ and base/ with their relative layout, so
 * ../../base resolves), `llm-prefill-fn` is found on PATH (a symlink to dist/llm-prefill-fn.js,
 * as the sidecar image has it in /usr/local/bin), and the environment is Argo CD's build
 * environment plus ARGOCD_ENV_<NAME> for each plugin env entry of the Application.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { FUNCTION_BIN, requireBuild, ROOT } from '../support/tools';
import { tempDir } from '../support/temp-dirs';

interface Command {
  command?: string[];
  args?: string[];
}
interface Plugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { version?: string; generate: Command; discover: { fileName?: string; find?: Command & { glob?: string } }; parameters?: { static?: { name: string; required?: boolean }[] } };
}

const PLUGIN = parse(readFileSync(join(ROOT, 'gitops/argocd/plugin.yaml'), 'utf8')) as Plugin;

/** The build environment Argo CD gives a plugin for Application llm-prefill-prod, plus its plugin env. */
const ARGO_ENV: Record<string, string> = {
  ARGOCD_APP_NAME: 'llm-prefill-prod',
  ARGOCD_APP_NAMESPACE: 'argocd',
  ARGOCD_APP_PROJECT_NAME: 'default',
  ARGOCD_APP_REVISION: '3f1c2d9e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392',
  ARGOCD_APP_REVISION_SHORT: '3f1c2d9',
  ARGOCD_APP_REVISION_SHORT_8: '3f1c2d9e',
  ARGOCD_APP_SOURCE_PATH: 'overlays/prod',
  ARGOCD_APP_SOURCE_REPO_URL: 'https://github.com/llm-prefill/llm-prefill-fn.git',
  ARGOCD_APP_SOURCE_TARGET_REVISION: 'main',
  KUBE_VERSION: '1.31.2',
  ARGOCD_ENV_CLUSTER: 'prod-eu-west-1',
};

/** A copy of overlays/ and base/ and a bin directory holding llm-prefill-fn. */
function repoCopy(): { repo: string; bin: string } {
  const dir = tempDir('gitops-argocd-');
  const repo = join(dir, 'repo');
  // The shipped overlays, by name: one a user adds to overlays/ is not copied.
  for (const sub of ['base', 'overlays/dev', 'overlays/staging', 'overlays/prod']) cpSync(join(ROOT, sub), join(repo, sub), { recursive: true });
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(FUNCTION_BIN, join(bin, 'llm-prefill-fn'));
  return { repo, bin };
}

/** Runs a plugin command as the cmp-server does: argv = command + args, in `cwd`, with `env` only. */
function runPluginCommand(cmd: Command, cwd: string, bin: string, env: Record<string, string>): SpawnSyncReturns<string> {
  const argv = [...(cmd.command ?? []), ...(cmd.args ?? [])];
  expect(argv.length).toBeGreaterThan(0);
  return spawnSync(argv[0], argv.slice(1), {
    cwd,
    encoding: 'utf8',
    // The sidecar's own environment (PATH with the function) plus what Argo CD adds; nothing
    // from the test runner, so a stray ARGOCD_* there cannot make the test pass.
    // The bundle cache off (the sidecar's image has its own): nothing left in the temp directory.
    env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: tmpdir(), LLM_PREFILL_FN_CACHE_DIR: '', ...env },
  });
}

/** Edits a YAML file in place (keeps comments). */
function editYaml(file: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, doc.toString());
}

/**
 * overlays/prod switched to engine argocd, with labels taken from Argo CD's variables. The
 * container form sees only the variables listed in container.envs (as under Docker): render
 * runs kustomize, and its docker shim gives the function a container's environment.
 */
function argocdProd(repo: string, extra: (doc: ReturnType<typeof parseDocument>) => void = () => {}): void {
  editYaml(join(repo, 'overlays/prod/prefill-overlay.yaml'), (doc) => {
    const fn = parse(String(doc.getIn(['metadata', 'annotations', 'config.kubernetes.io/function']))) as { container: { image: string } };
    doc.setIn(['metadata', 'annotations', 'config.kubernetes.io/function'], `container:\n  image: ${fn.container.image}\n  envs:\n    - ARGOCD_ENV_CLUSTER\n    - ARGOCD_ENV_REGION\n    - ARGOCD_APP_REVISION_SHORT\n`);
    doc.setIn(['spec', 'pipeline'], doc.createNode({ engine: 'argocd', variables: { CLUSTER: { env: 'ARGOCD_ENV_CLUSTER', default: 'dev' } } }));
    doc.setIn(['spec', 'labels', 'example.com/cluster'], '${CLUSTER}');
    doc.setIn(['spec', 'labels', 'example.com/revision'], '${ARGOCD_APP_REVISION_SHORT}');
    extra(doc);
  });
}

interface Container {
  name: string;
  command?: string[];
  args?: string[];
}
interface Resource {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: { prefill?: { labels?: Record<string, string>; template?: { containers?: Container[] }; worker?: { containers?: Container[] } } };
}

/** command/args of every prefill container, by config, role and container name. */
function scripts(resources: Resource[]): Record<string, { command?: string[]; args?: string[] }> {
  const out: Record<string, { command?: string[]; args?: string[] }> = {};
  for (const r of resources.filter((x) => x.kind === 'LLMInferenceServiceConfig')) {
    for (const role of ['template', 'worker'] as const) {
      for (const c of r.spec.prefill?.[role]?.containers ?? []) out[`${r.metadata.name}/${role}/${c.name}`] = { command: c.command, args: c.args };
    }
  }
  return out;
}

function baseResources(): { resources: Resource[]; text: string } {
  const text = ['config-llm-prefill-template.yaml', 'config-llm-prefill-worker-data-parallel.yaml'].map((f) => readFileSync(join(ROOT, 'base', f), 'utf8')).join('\n---\n');
  return { resources: parseAllDocuments(text).map((d) => d.toJS() as Resource), text };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('gitops/argocd/plugin.yaml', () => {
  beforeAll(requireBuild);

  test('is a ConfigManagementPlugin v2 with a generate command and a discover rule', () => {
    expect(PLUGIN).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'llm-prefill' } });
    expect(PLUGIN.spec.version).toMatch(/^v\d+/);
    expect(PLUGIN.spec.generate.command?.length).toBeGreaterThan(0);
    const d = PLUGIN.spec.discover;
    expect(Boolean(d.fileName) || Boolean(d.find?.glob) || (d.find?.command?.length ?? 0) > 0).toBe(true);
    // Nothing the Application has to pass.
    expect((PLUGIN.spec.parameters?.static ?? []).filter((p) => p.required)).toEqual([]);
    // Only fields of a ConfigManagementPlugin spec (allowConcurrency and lockRepo belong to the
    // old argocd-cm plugins, not to CMP v2: Argo CD would ignore them).
    const known = ['version', 'init', 'generate', 'discover', 'parameters', 'preserveFileMode', 'provideGitCreds'];
    expect(Object.keys(PLUGIN.spec).filter((k) => !known.includes(k))).toEqual([]);
  });

  test('generate renders overlays/prod with Argo CD variables, sync waves, and KServe/shell text unchanged', () => {
    const { repo, bin } = repoCopy();
    argocdProd(repo);
    const run = runPluginCommand(PLUGIN.spec.generate, join(repo, 'overlays/prod'), bin, ARGO_ENV);
    expect(run.stderr).not.toMatch(/\[error\]/);
    expect(run.status).toBe(0);

    const docs = parseAllDocuments(run.stdout);
    for (const d of docs) expect(d.errors).toEqual([]);
    const resources = docs.map((d) => d.toJS() as Resource).filter((r) => r !== null);
    expect(resources.map((r) => `${r.kind}/${r.metadata.name}`).sort()).toEqual([
      'LLMInferenceService/llama-3-8b-pd',
      'LLMInferenceServiceConfig/kserve-config-llm-prefill-template',
      'LLMInferenceServiceConfig/kserve-config-llm-prefill-worker-data-parallel',
    ]);

    const configs = resources.filter((r) => r.kind === 'LLMInferenceServiceConfig');
    for (const c of configs) {
      expect(c.spec.prefill?.labels).toMatchObject({
        'example.com/cluster': 'prod-eu-west-1',
        'example.com/revision': '3f1c2d9',
        'cost-center': 'llm-platform',
      });
      expect(c.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('-1');
    }
    // The service keeps the default wave, so it is applied after the configs.
    const service = resources.find((r) => r.kind === 'LLMInferenceService') as Resource;
    expect(service.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBeUndefined();

    // KServe's Go templates and the scripts' shell text: the same scripts, the same count.
    const base = baseResources();
    expect(scripts(configs)).toEqual(scripts(base.resources));
    for (const needle of ['{{ .Spec.Model.Name }}', '${VLLM_ADDITIONAL_ARGS}', '$(LWS_LEADER_ADDRESS)', '{{ ChildName .ObjectMeta.Name']) {
      expect(count(run.stdout, needle)).toBe(count(base.text, needle));
    }
    expect(count(run.stdout, '{{ .Spec.Model.Name }}')).toBeGreaterThan(0);
    expect(count(run.stdout, '${VLLM_ADDITIONAL_ARGS}')).toBeGreaterThan(0);
    // No variable reference of ours is left.
    expect(run.stdout).not.toContain('${CLUSTER}');
    expect(run.stdout).not.toContain('${ARGOCD_APP_REVISION_SHORT}');
  });

  test('a declared variable falls back to its default when the Application sets no plugin env', () => {
    const { repo, bin } = repoCopy();
    argocdProd(repo);
    const { ARGOCD_ENV_CLUSTER: _unset, ...env } = ARGO_ENV;
    const run = runPluginCommand(PLUGIN.spec.generate, join(repo, 'overlays/prod'), bin, env);
    expect(run.status).toBe(0);
    const configs = parseAllDocuments(run.stdout)
      .map((d) => d.toJS() as Resource)
      .filter((r) => r.kind === 'LLMInferenceServiceConfig');
    expect(configs).toHaveLength(2);
    for (const c of configs) expect(c.spec.prefill?.labels?.['example.com/cluster']).toBe('dev');
  });

  test('a required variable without a value fails: exit 1, nothing on stdout, the message names it, its sources and its use', () => {
    const { repo, bin } = repoCopy();
    argocdProd(repo, (doc) => {
      doc.setIn(['spec', 'pipeline', 'variables', 'REGION'], doc.createNode({ env: 'ARGOCD_ENV_REGION', required: true }));
      doc.setIn(['spec', 'labels', 'example.com/region'], '${REGION}');
    });
    const run = runPluginCommand(PLUGIN.spec.generate, join(repo, 'overlays/prod'), bin, ARGO_ENV);
    expect(run.status).toBe(1);
    // Argo CD would split whatever is on stdout into manifests: there must be none.
    expect(run.stdout).toBe('');
    // The error result: its first line and the indented lines that continue it.
    const lines = run.stderr.split('\n');
    const at = lines.findIndex((l) => l.includes('[error]') && l.includes('REGION') && /required/.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    let end = at + 1;
    while (end < lines.length && /^\s{4,}\S/.test(lines[end])) end++;
    const full = lines.slice(at, end).join('\n');
    expect(full).toContain('ARGOCD_ENV_REGION'); // the source tried
    expect(full).toMatch(/not set/);
    expect(full).toMatch(/spec\.labels/); // where it is used
    expect(full).toContain('example.com/region');

    // With the plugin env set, the same overlay renders.
    const ok = runPluginCommand(PLUGIN.spec.generate, join(repo, 'overlays/prod'), bin, { ...ARGO_ENV, ARGOCD_ENV_REGION: 'eu-west-1' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('example.com/region: eu-west-1');
  });

  test('the optional config parameter (PARAM_CONFIG) selects another functionConfig inside the app directory', () => {
    const { repo, bin } = repoCopy();
    const alt = readFileSync(join(repo, 'overlays/prod/prefill-overlay.yaml'), 'utf8').replace('image: ghcr.io/llm-d/llm-d-cuda:v0.9.0', 'image: ghcr.io/llm-d/llm-d-cuda:v0.9.1-rc1');
    expect(alt).toContain('v0.9.1-rc1');
    writeFileSync(join(repo, 'overlays/prod/canary.yaml'), alt);
    const run = runPluginCommand(PLUGIN.spec.generate, join(repo, 'overlays/prod'), bin, { ...ARGO_ENV, PARAM_CONFIG: 'canary.yaml' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ghcr.io/llm-d/llm-d-cuda:v0.9.1-rc1');
    expect(run.stdout).not.toContain('ghcr.io/llm-d/llm-d-cuda:v0.9.0');

    for (const outside of ['../../base/prefill-overlay.yaml', '/etc/passwd', 'x/../../y.yaml']) {
      const bad = runPluginCommand(PLUGIN.spec.generate, join(repo, 'overlays/prod'), bin, { ...ARGO_ENV, PARAM_CONFIG: outside });
      expect(bad.status).not.toBe(0);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toContain('inside the application directory');
    }
  });

  describe('discover', () => {
    /** Whether the plugin claims `dir`, as the cmp-server decides it. */
    function matches(dir: string, bin: string): boolean {
      const d = PLUGIN.spec.discover;
      // fileName: a filepath.Glob in the app directory; find.glob: the same with ** (zglob).
      const pattern = d.fileName || d.find?.glob;
      if (pattern) {
        const glob = spawnSync('bash', ['-O', 'globstar', '-O', 'nullglob', '-c', `for f in ${pattern}; do echo "$f"; done`], { cwd: dir, encoding: 'utf8' });
        return glob.stdout.trim() !== '';
      }
      const run = runPluginCommand(d.find as Command, dir, bin, ARGO_ENV);
      // A failing find command is an error in Argo CD, not a "no".
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return run.stdout.trim() !== '';
    }

    test('matches every overlay and not base/ (which has a prefill-overlay.yaml that is no transformer)', () => {
      const { repo, bin } = repoCopy();
      for (const env of ['dev', 'staging', 'prod']) expect([env, matches(join(repo, 'overlays', env), bin)]).toEqual([env, true]);
      expect(matches(join(repo, 'base'), bin)).toBe(false);
      expect(matches(join(repo, 'overlays'), bin)).toBe(false);
    });

    test('looks at the kustomization, the transformer entry and the kind', () => {
      const { repo, bin } = repoCopy();
      const mk = (name: string, kustomization: string, overlay = readFileSync(join(ROOT, 'overlays/prod/prefill-overlay.yaml'), 'utf8')): string => {
        const dir = join(repo, 'cases', name);
        mkdirSync(dir, { recursive: true });
        if (kustomization) writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
        writeFileSync(join(dir, 'prefill-overlay.yaml'), overlay);
        return dir;
      };
      const head = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n';
      expect(matches(mk('flow', `${head}transformers: [prefill-overlay.yaml]\n`), bin)).toBe(true);
      expect(matches(mk('unindented', `${head}transformers:\n- ./prefill-overlay.yaml\n`), bin)).toBe(true);
      expect(matches(mk('other-transformer', `${head}transformers:\n  - labels.yaml\n`), bin)).toBe(false);
      // Listed as a resource, not a transformer.
      expect(matches(mk('as-resource', `${head.replace('../../base', 'prefill-overlay.yaml')}`), bin)).toBe(false);
      expect(matches(mk('no-kustomization', ''), bin)).toBe(false);
      expect(matches(mk('not-prefill-overlay', `${head}transformers:\n  - prefill-overlay.yaml\n`, 'apiVersion: builtin\nkind: LabelTransformer\n'), bin)).toBe(false);
    });
  });
});
