/**
 * The files under gitops/: every YAML file parses, the Argo CD objects agree with plugin.yaml and
 * with each other, the repo-server Component builds with the real `kubectl kustomize` (against a
 * stand-in argocd-repo-server Deployment, as Argo CD's install.yaml is not fetched here), and the
 * shell scripts are valid POSIX sh.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describeWithTool, findTool, ROOT } from '../support/tools';
import { tempDir } from '../support/temp-dirs';

const GITOPS = join(ROOT, 'gitops');

function filesUnder(dir: string, test: (f: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, test);
    return test(name) ? [path] : [];
  });
}

const read = (p: string) => readFileSync(join(GITOPS, p), 'utf8');

describe('gitops/ files', () => {
  const yamlFiles = filesUnder(GITOPS, (f) => /\.ya?ml$/.test(f));

  test('there are the files the READMEs describe', () => {
    expect(yamlFiles.map((f) => relative(GITOPS, f)).sort()).toEqual(
      expect.arrayContaining(['argocd/plugin.yaml', 'argocd/application.yaml', 'argocd/applicationset.yaml', 'argocd/kustomization.yaml', 'argocd/repo-server-patch.yaml', 'flux/kustomization.yaml', 'flux/ci-workflow.yaml']),
    );
  });

  test.each(yamlFiles.map((f) => [relative(GITOPS, f)]))('%s parses as YAML', (file) => {
    const docs = parseAllDocuments(read(file));
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      expect(d.errors.map((e) => e.message)).toEqual([]);
      expect(d.warnings.map((e) => e.message)).toEqual([]);
      expect(d.toJS()).toBeInstanceOf(Object);
    }
  });

  test('Application and ApplicationSet name the plugin as <metadata.name>-<spec.version> and use overlays/', () => {
    const plugin = parse(read('argocd/plugin.yaml')) as { metadata: { name: string }; spec: { version: string } };
    const socketName = `${plugin.metadata.name}-${plugin.spec.version}`;
    const app = parse(read('argocd/application.yaml')) as { kind: string; spec: { source: { path: string; plugin: { name: string; env: { name: string; value: string }[] } } } };
    expect(app.kind).toBe('Application');
    expect(app.spec.source.path).toBe('overlays/prod');
    expect(app.spec.source.plugin.name).toBe(socketName);
    expect(app.spec.source.plugin.env.map((e) => e.name).sort()).toEqual(['CLUSTER', 'REGION']);
    // Plugin env names reach the plugin as ARGOCD_ENV_<NAME>: they must be valid variable names.
    for (const e of app.spec.source.plugin.env) expect(e.name).toMatch(/^[_A-Za-z][_A-Za-z0-9]*$/);

    const set = parse(read('argocd/applicationset.yaml')) as {
      kind: string;
      spec: { goTemplate: boolean; generators: { git: { directories: { path: string; exclude?: boolean }[] } }[]; template: { spec: { source: { path: string; plugin: { name: string } } } } };
    };
    expect(set.kind).toBe('ApplicationSet');
    expect(set.spec.goTemplate).toBe(true);
    const directories = set.spec.generators[0].git.directories;
    expect(directories[0]).toEqual({ path: 'overlays/*' });
    // An overlay whose output is escaped for Flux must not become an Argo CD Application.
    const excluded = directories.filter((d) => d.exclude).map((d) => d.path);
    expect(excluded).toContain('overlays/prod-flux');
    expect(read('../overlays/prod-flux/prefill-overlay.yaml')).toMatch(/engine: flux/);
    expect(set.spec.template.spec.source.plugin.name).toBe(socketName);
    expect(set.spec.template.spec.source.path).toBe('{{ .path.path }}');
  });

  test('the ApplicationSet template uses only the generator parameters (no KServe template inlined)', () => {
    const set = parse(read('argocd/applicationset.yaml')) as { spec: { template: unknown } };
    const actions = JSON.stringify(set.spec.template).match(/\{\{.*?\}\}/g) ?? [];
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a).toMatch(/^\{\{ \.path\.(path|basename|basenameNormalized) \}\}$/);
    // Nor anywhere else in the Argo CD objects.
    for (const f of ['argocd/application.yaml', 'argocd/applicationset.yaml']) {
      const data = JSON.stringify(parse(read(f)));
      expect(data).not.toMatch(/\{\{\s*(\.Spec|\.ObjectMeta|\.GlobalConfig|ChildName)/);
    }
  });

  test('the Flux Kustomization points at a hydrated path, with substitute and an optional substituteFrom', () => {
    const k = parse(read('flux/kustomization.yaml')) as {
      apiVersion: string;
      kind: string;
      spec: { path: string; postBuild: { substitute: Record<string, string>; substituteFrom: { kind: string; name: string; optional?: boolean }[] } };
    };
    expect(k.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(k.kind).toBe('Kustomization');
    expect(k.spec.path).toMatch(/^\.\/hydrated\/[a-z0-9-]+$/);
    for (const name of Object.keys(k.spec.postBuild.substitute)) expect(name).toMatch(/^[_A-Za-z][_A-Za-z0-9]*$/);
    expect(k.spec.postBuild.substituteFrom).toEqual([expect.objectContaining({ kind: 'ConfigMap', optional: true })]);
  });

  test('the CI workflow builds with node 20 and runs hydrate.sh', () => {
    const wf = parse(read('flux/ci-workflow.yaml')) as { jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }> };
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    expect(steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
    const runs = steps.map((s) => s.run ?? '').join('\n');
    for (const cmd of ['npm ci', 'npm run build', 'gitops/flux/hydrate.sh', 'gitops/flux/hydrate.sh --check', 'git push']) expect(runs).toContain(cmd);
  });

  test.each(filesUnder(GITOPS, (f) => f.endsWith('.sh')).map((f) => [relative(GITOPS, f)]))('%s is executable and valid sh', (file) => {
    const path = join(GITOPS, file);
    expect(statSync(path).mode & 0o111).not.toBe(0);
    expect(readFileSync(path, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
    for (const sh of ['sh', 'dash', 'bash'].filter((s) => findTool(s))) {
      const check = spawnSync(sh, ['-n', path], { encoding: 'utf8' });
      expect([sh, check.status, check.stderr]).toEqual([sh, 0, '']);
    }
  });

  test('the plugin commands are valid sh', () => {
    const plugin = parse(read('argocd/plugin.yaml')) as { spec: Record<string, { command?: string[]; args?: string[]; find?: { command?: string[]; args?: string[] } }> };
    const commands = [plugin.spec.generate, plugin.spec.discover.find].filter(Boolean) as { command?: string[]; args?: string[] }[];
    for (const c of commands) {
      expect(c.command).toEqual(['sh', '-c']);
      const check = spawnSync('sh', ['-n', '-c', (c.args ?? [])[0]], { encoding: 'utf8' });
      expect([check.status, check.stderr]).toEqual([0, '']);
    }
  });
});

describeWithTool('kubectl', 'gitops/argocd Component: kubectl kustomize with a stand-in argocd-repo-server', (kubectl) => {
  test('adds the CMP sidecar, its plugin.yaml ConfigMap and volumes; keeps the repo-server as it was', () => {
    const dir = tempDir('gitops-kustomize-');
    cpSync(join(GITOPS, 'argocd'), join(dir, 'argocd'), { recursive: true });
    // The parts of Argo CD's argocd-repo-server that the patch relies on.
    writeFileSync(
      join(dir, 'repo-server.yaml'),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
spec:
  selector: {matchLabels: {app.kubernetes.io/name: argocd-repo-server}}
  template:
    metadata: {labels: {app.kubernetes.io/name: argocd-repo-server}}
    spec:
      initContainers:
        - name: copyutil
          image: quay.io/argoproj/argocd:latest
          command: [/bin/cp, -n, /usr/local/bin/argocd, /var/run/argocd/argocd-cmp-server]
          volumeMounts: [{name: var-files, mountPath: /var/run/argocd}]
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:latest
          volumeMounts: [{name: plugins, mountPath: /home/argocd/cmp-server/plugins}]
      volumes:
        - {name: var-files, emptyDir: {}}
        - {name: plugins, emptyDir: {}}
`,
    );
    writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: argocd\nresources: [repo-server.yaml]\ncomponents: [argocd]\n');
    const run = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    type Volume = { name: string; configMap?: { name: string }; emptyDir?: object };
    type Container = { name: string; image: string; command?: string[]; securityContext?: { runAsUser?: number }; volumeMounts: { name: string; mountPath: string; subPath?: string }[] };
    const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string }; data?: Record<string, string>; spec?: { template: { spec: { containers: Container[]; initContainers: Container[]; volumes: Volume[] } } } });
    const cm = docs.find((d) => d.kind === 'ConfigMap');
    const deploy = docs.find((d) => d.kind === 'Deployment');
    expect(cm?.metadata.namespace).toBe('argocd');
    // The ConfigMap holds plugin.yaml byte for byte.
    expect(cm?.data?.['plugin.yaml']).toBe(read('argocd/plugin.yaml'));
    const pod = deploy?.spec?.template.spec;
    expect(pod?.containers.map((c) => c.name)).toEqual(['llm-prefill-cmp', 'argocd-repo-server']);
    // Argo CD's copyutil stays; ours copies Argo CD's kustomize for render.
    expect(pod?.initContainers.map((c) => c.name)).toEqual(['llm-prefill-kustomize', 'copyutil']);
    const copier = pod?.initContainers.find((c) => c.name === 'llm-prefill-kustomize') as Container;
    expect(copier.command).toEqual(['cp', '/usr/local/bin/kustomize', '/llm-prefill-tools/kustomize']);
    const sidecar = pod?.containers.find((c) => c.name === 'llm-prefill-cmp') as Container;
    expect(sidecar.image).toBe('ghcr.io/llm-prefill/llm-prefill-fn:v0.1.0');
    expect(sidecar.command).toEqual(['/var/run/argocd/argocd-cmp-server']);
    expect(sidecar.securityContext?.runAsUser).toBe(999);
    const mounts = Object.fromEntries(sidecar.volumeMounts.map((m) => [m.mountPath, m]));
    expect(mounts['/var/run/argocd']?.name).toBe('var-files');
    expect(mounts['/home/argocd/cmp-server/plugins']?.name).toBe('plugins');
    expect(mounts['/home/argocd/cmp-server/config/plugin.yaml']).toMatchObject({ subPath: 'plugin.yaml' });
    expect(mounts['/tmp']?.name).toBe('cmp-tmp');
    // render finds that kustomize on PATH.
    expect(mounts['/opt/llm-prefill-tools']?.name).toBe('llm-prefill-tools');
    expect(copier.volumeMounts.map((m) => [m.name, m.mountPath])).toEqual([['llm-prefill-tools', '/llm-prefill-tools']]);
    expect((sidecar as Container & { env?: { name: string; value: string }[] }).env?.find((e) => e.name === 'PATH')?.value.split(':')[0]).toBe('/opt/llm-prefill-tools');
    // Every mount has its volume, and the plugin volume names the generated (hashed) ConfigMap.
    const volumes = Object.fromEntries((pod?.volumes ?? []).map((v) => [v.name, v]));
    for (const m of sidecar.volumeMounts) expect(volumes[m.name]).toBeDefined();
    expect(volumes[mounts['/home/argocd/cmp-server/config/plugin.yaml'].name].configMap?.name).toBe(cm?.metadata.name);
    expect(cm?.metadata.name).toMatch(/^llm-prefill-cmp-plugin-[a-z0-9]+$/);
    expect(pod?.volumes.map((v) => v.name).sort()).toEqual(['cmp-tmp', 'llm-prefill-cmp-plugin', 'llm-prefill-tools', 'plugins', 'var-files']);
  });
});
