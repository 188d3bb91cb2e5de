/**
 * `llm-prefill-fn render DIR` is the real engine: a corpus of overlay shapes rendered with
 * `render` and with the real `kubectl kustomize --enable-alpha-plugins` (container functions
 * through the test docker shim, test/support/tools.ts) gives the same objects, byte for byte.
 * render's own docker shim serves this function's image and hands the other test function's
 * image on to the `docker` found on PATH (here: the test shim). Also: warnings visible under
 * every engine, --strict, misuse, and the engine choice.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { describeWithTool, dockerShim, findTool, FUNCTION_BIN, requireBuild, ROOT } from '../support/tools';

const IMAGE = 'ghcr.io/llm-prefill/llm-prefill-fn:v0.1.0';
const SECOND_IMAGE = 'example.com/second-fn:v1';

/** A second, unrelated KRM function: annotates every item (a node script with the repo's yaml). */
const SECOND_FN = `const { parse, stringify } = require(${JSON.stringify(join(ROOT, 'node_modules/yaml'))});
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  const list = parse(input);
  for (const item of list.items) ((item.metadata ??= {}).annotations ??= {})['example.com/second-fn'] = 'ran';
  process.stdout.write(stringify(list));
});
`;

type Doc = { kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown>; data?: Record<string, string> };

const k = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
const fnAnnotation = (image: string) => `  annotations:\n    config.kubernetes.io/function: |\n      container:\n        image: ${image}\n`;

/** A PrefillOverlay (from overlays/prod's, renamed) with edits. */
function prefillOverlay(name: string, edit: (doc: ReturnType<typeof parseDocument>) => void = () => {}): string {
  const doc = parseDocument(readFileSync(join(ROOT, 'overlays/prod/prefill-overlay.yaml'), 'utf8'));
  doc.setIn(['metadata', 'name'], name);
  doc.setIn(['spec', 'overlay'], name);
  edit(doc);
  return doc.toString();
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** The corpus: base/, inner/ (base + its own PrefillOverlay) and one overlay of inner/ per shape. */
function corpus(root: string): void {
  cpSync(join(ROOT, 'base'), join(root, 'base'), { recursive: true });
  write(root, {
    'inner/kustomization.yaml': k('resources:\n  - ../base\ntransformers:\n  - prefill-overlay.yaml\n'),
    'inner/prefill-overlay.yaml': prefillOverlay('inner'),
    // Each shape has its own PrefillOverlay too: an overlay of an overlay.
    'nested/kustomization.yaml': k('resources:\n  - ../inner\ntransformers:\n  - prefill-overlay.yaml\n'),
    'nested/prefill-overlay.yaml': prefillOverlay('nested', (d) => {
      d.deleteIn(['spec', 'resources']);
      d.deleteIn(['spec', 'roce']);
      d.deleteIn(['spec', 'sharedMemory']);
      d.setIn(['spec', 'env'], d.createNode({ OUTER_ONLY: 'yes', NCCL_DEBUG: 'INFO' }));
    }),
    'namespace/kustomization.yaml': k('namespace: team-a\nresources:\n  - ../inner\n'),
    'patches/kustomization.yaml': k(
      'resources:\n  - ../inner\npatches:\n' +
        '  - patch: |\n      apiVersion: serving.kserve.io/v1alpha2\n      kind: LLMInferenceServiceConfig\n      metadata:\n        name: kserve-config-llm-prefill-template\n        namespace: kserve\n      spec:\n        prefill:\n          template:\n            containers:\n              - name: main\n                env:\n                  - name: FROM_STRATEGIC\n                    value: s\n' +
        '  - target:\n      kind: LLMInferenceServiceConfig\n      name: kserve-config-llm-prefill-template\n    patch: |\n      - op: add\n        path: /spec/prefill/template/containers/0/env/-\n        value: {name: FROM_JSON6902, value: j}\n',
    ),
    'images/kustomization.yaml': k('resources:\n  - ../inner\nimages:\n  - name: ghcr.io/llm-d/llm-d-cuda\n    newTag: v0.9.9\n'),
    'labels/kustomization.yaml': k('resources:\n  - ../inner\nlabels:\n  - pairs:\n      team: infra\n'),
    'generator/kustomization.yaml': k('resources:\n  - ../inner\nconfigMapGenerator:\n  - name: extra\n    literals:\n      - a=b\n'),
    'comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  example.com/component: "on"\n',
    'component/kustomization.yaml': k('resources:\n  - ../inner\ncomponents:\n  - ../comp\n'),
    'second-function/kustomization.yaml': k('resources:\n  - ../inner\ntransformers:\n  - second-fn.yaml\n'),
    'second-function/second-fn.yaml': `apiVersion: example.com/v1\nkind: SecondFn\nmetadata:\n  name: second\n${fnAnnotation(SECOND_IMAGE)}`,
    'second-fn.js': SECOND_FN,
  });
}

const SHAPES = ['inner', 'nested', 'namespace', 'patches', 'images', 'labels', 'generator', 'component', 'second-function'];

describeWithTool('kubectl', 'render = kubectl kustomize --enable-alpha-plugins on a corpus of overlay shapes', (kubectl) => {
  let root: string;
  let shim: { dir: string; log: string };
  const rendered = new Map<string, string>();
  const env = () => ({ ...process.env, PATH: `${shim.dir}:${process.env.PATH}`, LLM_PREFILL_FN_ENGINE: 'kubectl', NO_COLOR: '1' });
  const kubectlKustomize = (dir: string) => spawnSync(kubectl, ['kustomize', '--enable-alpha-plugins', dir], { encoding: 'utf8', env: env() });
  const render = (args: string[], extraEnv: Record<string, string> = {}) => spawnSync(process.execPath, [FUNCTION_BIN, 'render', ...args], { encoding: 'utf8', env: { ...env(), ...extraEnv } });

  beforeAll(() => {
    requireBuild();
    root = mkdtempSync(join(tmpdir(), 'render-engines-'));
    corpus(root);
    shim = dockerShim(IMAGE, { [SECOND_IMAGE]: `node '${join(root, 'second-fn.js')}'` });
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(shim.dir, { recursive: true, force: true });
  });

  test.each(SHAPES)('%s: the same output as kubectl kustomize, byte for byte', (shape) => {
    const want = kubectlKustomize(join(root, shape));
    expect(want.stderr).toBe('');
    expect(want.status).toBe(0);
    const got = render([join(root, shape)]);
    expect(got.stderr.trim().split('\n').pop()).toBe('llm-prefill-fn: OK');
    expect(got.status).toBe(0);
    expect(got.stdout).toBe(want.stdout);
    rendered.set(shape, got.stdout);
  });

  const docsOf = (run: { stdout: string }) => parseAllDocuments(run.stdout).map((d) => d.toJS() as Doc);
  const mainOf = (config: Doc) => ((config.spec?.prefill as { template: { containers: { name: string; image?: string; env?: { name: string; value?: string }[]; resources?: { limits?: Record<string, unknown> } }[] } }).template.containers.find((c) => c.name === 'main'));
  const template = (docs: Doc[]) => docs.find((d) => d.kind === 'LLMInferenceServiceConfig' && d.metadata?.name === 'kserve-config-llm-prefill-template') as Doc;

  test('nested: both PrefillOverlays run (inner sets the GPUs, outer its env); one summary line each', () => {
    const run = render([join(root, 'nested')]);
    expect(run.status).toBe(0);
    const main = mainOf(template(docsOf(run)));
    expect(main?.resources?.limits?.['nvidia.com/gpu']).toBe('8');
    expect(main?.env?.filter((e) => e.name === 'OUTER_ONLY')).toEqual([{ name: 'OUTER_ONLY', value: 'yes' }]);
    expect(main?.env?.filter((e) => e.name === 'NCCL_DEBUG')).toEqual([{ name: 'NCCL_DEBUG', value: 'INFO' }]);
    const summaries = run.stderr.split('\n').filter((l) => /^llm-prefill-fn: overlay \S+: /.test(l));
    expect(summaries.map((l) => l.split(':')[1].trim())).toEqual(['overlay inner', 'overlay nested']);
  });

  test('the shapes took effect (so the comparison above compares something)', () => {
    // The outputs of the comparisons above (rendered again only when this test runs alone).
    const docs = (shape: string) => docsOf({ stdout: rendered.get(shape) ?? render([join(root, shape)]).stdout });
    expect(docs('namespace').every((d) => d.metadata?.namespace === 'team-a')).toBe(true);
    expect(mainOf(template(docs('patches')))?.env?.map((e) => e.name)).toEqual(expect.arrayContaining(['FROM_STRATEGIC', 'FROM_JSON6902']));
    expect(mainOf(template(docs('images')))?.image).toBe('ghcr.io/llm-d/llm-d-cuda:v0.9.9');
    expect(template(docs('labels')).metadata?.labels?.team).toBe('infra');
    expect(docs('generator').some((d) => d.kind === 'ConfigMap' && d.metadata?.name?.startsWith('extra-'))).toBe(true);
    expect(template(docs('component')).metadata?.annotations?.['example.com/component']).toBe('on');
    expect(template(docs('second-function')).metadata?.annotations?.['example.com/second-fn']).toBe('ran');
    expect(readFileSync(shim.log, 'utf8')).toContain(SECOND_IMAGE);
  });

  test('overlays/prod: render equals kubectl kustomize byte for byte (env order included)', () => {
    const want = kubectlKustomize(join(ROOT, 'overlays/prod'));
    expect(want.status).toBe(0);
    const got = render([join(ROOT, 'overlays/prod')]);
    expect(got.status).toBe(0);
    expect(got.stdout).toBe(want.stdout);
  });

  describe('a warning', () => {
    let dir: string;
    beforeAll(() => {
      dir = join(root, 'warning');
      const svc = readFileSync(join(ROOT, 'base/llminferenceservice-sample.yaml'), 'utf8').replace(/^  prefill:\n/m, '  prefill:\n    bogusField: 1\n');
      expect(svc).toContain('bogusField');
      write(dir, {
        'kustomization.yaml': k('resources:\n  - config-llm-prefill-template.yaml\n  - config-llm-prefill-worker-data-parallel.yaml\n  - svc.yaml\ntransformers:\n  - prefill-overlay.yaml\n'),
        'svc.yaml': svc,
        'prefill-overlay.yaml': prefillOverlay('warn'),
      });
      for (const f of ['config-llm-prefill-template.yaml', 'config-llm-prefill-worker-data-parallel.yaml']) cpSync(join(ROOT, 'base', f), join(dir, f));
    });
    const line = () => readFileSync(join(dir, 'svc.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('bogusField')) + 1;

    test('is on stderr under kubectl kustomize, one line', () => {
      const run = kubectlKustomize(dir);
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/^llm-prefill-fn: \[warning\] LLMInferenceService\/llm\/llama-3-8b-pd: spec\.prefill\.bogusField: unknown field "bogusField"[^\n]*\nllm-prefill-fn: OK with 1 warning\(s\)\n$/);
    });

    test('is quiet under kubectl kustomize with LLM_PREFILL_FN_QUIET=1', () => {
      const run = spawnSync(kubectl, ['kustomize', '--enable-alpha-plugins', dir], { encoding: 'utf8', env: { ...env(), LLM_PREFILL_FN_QUIET: '1' } });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
    });

    test('render names the source file and line, ends with OK with 1 warning(s); --strict exits 1 with FAILED', () => {
      const run = render([dir]);
      expect(run.status).toBe(0);
      expect(run.stderr).toContain(`llm-prefill-fn: [warning] ${join(dir, 'svc.yaml')}:${line()}: LLMInferenceService/llm/llama-3-8b-pd: spec.prefill.bogusField: unknown field`);
      expect(run.stderr.trim().split('\n').pop()).toBe('llm-prefill-fn: OK with 1 warning(s)');
      const strict = render([dir, '--strict']);
      expect(strict.status).toBe(1);
      expect(strict.stdout).toBe('');
      expect(strict.stderr.trim().split('\n').pop()).toMatch(/^llm-prefill-fn: FAILED: 1 error\(s\) \(warnings, with --strict\); first: .*svc\.yaml:\d+: LLMInferenceService/);
    });

    test('--results FILE writes kpt results YAML with the source file and line', () => {
      const file = join(root, 'results', 'results.yaml');
      const run = render([dir, '--results', file]);
      expect(run.status).toBe(0);
      const list = parse(readFileSync(file, 'utf8')) as { kind: string; exitCode: number; items: { results: { severity: string; file?: { path: string }; tags?: { line?: string } }[] }[] };
      expect(list.kind).toBe('FunctionResultList');
      expect(list.exitCode).toBe(0);
      const warnings = list.items.flatMap((i) => i.results).filter((r) => r.severity === 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0].file?.path).toMatch(/svc\.yaml$/);
      expect(warnings[0].tags?.line).toBe(String(line()));
    });

    describeWithTool('kpt', 'under kpt fn render', (kpt) => {
      test('kpt shows it, and render of the kpt package names file and line', () => {
        const pkg = join(root, 'warning-pkg');
        cpSync(dir, pkg, { recursive: true });
        rmSync(join(pkg, 'kustomization.yaml'));
        write(pkg, { Kptfile: `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: warning-pkg\npipeline:\n  mutators:\n    - exec: ${FUNCTION_BIN}\n      configPath: prefill-overlay.yaml\n` });
        const copy = join(root, 'warning-pkg-copy');
        cpSync(pkg, copy, { recursive: true });
        const viaKpt = spawnSync(kpt, ['fn', 'render', '--allow-exec', copy], { encoding: 'utf8' });
        expect(viaKpt.status).toBe(0);
        expect(viaKpt.stderr).toMatch(/\[warning\] serving\.kserve\.io\/v1alpha2\/LLMInferenceService\/llm\/llama-3-8b-pd spec\.prefill\.bogusField: unknown field/);
        const run = render([pkg]);
        expect(run.stderr).not.toContain('error');
        expect(run.status).toBe(0);
        expect(run.stderr).toMatch(/\[warning\] .*warning-pkg\/svc\.yaml:\d+: LLMInferenceService\/llm\/llama-3-8b-pd: spec\.prefill\.bogusField/);
        expect(run.stderr.trim().split('\n').pop()).toBe('llm-prefill-fn: OK with 1 warning(s)');
      });

      test('a Kptfile step with the image form runs this build through render\'s docker shim (no Docker)', () => {
        const pkg = join(root, 'image-pkg');
        cpSync(dir, pkg, { recursive: true });
        rmSync(join(pkg, 'kustomization.yaml'));
        write(pkg, { Kptfile: `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: image-pkg\npipeline:\n  mutators:\n    - image: ${IMAGE}\n      configPath: prefill-overlay.yaml\n` });
        const bin = join(root, 'kpt-only');
        mkdirSync(bin);
        symlinkSync(kpt, join(bin, 'kpt'));
        symlinkSync(findTool('git') as string, join(bin, 'git')); // kpt wants git
        const run = render([pkg], { PATH: bin });
        expect(run.stderr).toMatch(/\[warning\] .*image-pkg\/svc\.yaml:\d+: LLMInferenceService/);
        expect(run.stderr).toContain('llm-prefill-fn: overlay warn: ');
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('llm-prefill.dev/overlay: warn');
        // Nothing in the package changed: kpt ran on a copy.
        expect(readFileSync(join(pkg, 'config-llm-prefill-template.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'base/config-llm-prefill-template.yaml'), 'utf8'));
      });
    });
  });

  describe('misuse is a clear error, the last line FAILED', () => {
    const failsWith = (run: SpawnSyncReturns<string>, message: RegExp) => {
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stderr.trim().split('\n').pop()).toMatch(/^llm-prefill-fn: FAILED: 1 error\(s\); first: /);
    };

    test('a mistake in a nested PrefillOverlay: its file and the line of the field, nothing on stdout', () => {
      write(root, {
        'typo/kustomization.yaml': k('resources:\n  - ../inner\ntransformers:\n  - prefill-overlay.yaml\n'),
        'typo/prefill-overlay.yaml': prefillOverlay('typo', (d) => d.setIn(['spec', 'imag'], 'x:v1')),
      });
      const line = readFileSync(join(root, 'typo/prefill-overlay.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('  imag:')) + 1;
      expect(line).toBeGreaterThan(0);
      failsWith(render([join(root, 'typo')]), new RegExp(`\\[error\\] ${join(root, 'typo/prefill-overlay.yaml')}:${line}: PrefillOverlay/typo: spec\\.imag: `));
    });

    test('a transformer file that does not exist', () => {
      write(root, { 'missing-transformer/kustomization.yaml': k('resources:\n  - ../inner\ntransformers:\n  - nope.yaml\n') });
      failsWith(render([join(root, 'missing-transformer')]), /kustomization\.yaml: transformers: nope\.yaml does not exist/);
    });

    test('a PrefillOverlay listed as a resource (it would be deployed)', () => {
      write(root, { 'as-resource/kustomization.yaml': k('resources:\n  - ../base\n  - prefill-overlay.yaml\n'), 'as-resource/prefill-overlay.yaml': prefillOverlay('as-resource', (d) => d.deleteIn(['metadata', 'annotations'])) });
      failsWith(render([join(root, 'as-resource')]), /as-resource\/prefill-overlay\.yaml:\d+: PrefillOverlay\/as-resource: a PrefillOverlay in the output would be deployed/);
    });

    test('a directory that does not exist; --out under a file', () => {
      failsWith(render([join(root, 'no-such-dir')]), /no-such-dir does not exist/);
      write(root, { 'a-file': 'x' });
      failsWith(render([join(root, 'inner'), '--out', join(root, 'a-file', 'out')]), /a-file is a file, not a directory/);
    });

    test('an exec function under kubectl kustomize (which would skip it without a word)', () => {
      write(root, {
        'exec-form/kustomization.yaml': k('resources:\n  - ../base\ntransformers:\n  - prefill-overlay.yaml\n'),
        'exec-form/prefill-overlay.yaml': prefillOverlay('exec-form', (d) => d.setIn(['metadata', 'annotations', 'config.kubernetes.io/function'], `exec:\n  path: ${FUNCTION_BIN}\n`)),
      });
      const silent = kubectlKustomize(join(root, 'exec-form'));
      expect(silent.status).toBe(0);
      expect(silent.stdout).toContain('llm-prefill.dev/overlay: base'); // not run
      failsWith(render([join(root, 'exec-form')]), /exec function\(s\), which kubectl kustomize skips without a word: install a standalone kustomize/);
    });

    test('no kustomize and no kubectl: what to install', () => {
      const empty = join(root, 'empty-path');
      mkdirSync(empty);
      failsWith(render([join(root, 'inner')], { PATH: empty, LLM_PREFILL_FN_ENGINE: '' }), /neither kustomize nor kubectl is on PATH: install kustomize \(https:[^)]*\) or kubectl/);
    });

    test('another container function and no docker at all: the shim says so', () => {
      const bin = join(root, 'kubectl-only');
      mkdirSync(bin);
      symlinkSync(kubectl, join(bin, 'kubectl'));
      failsWith(render([join(root, 'second-function')], { PATH: bin }), /FAILED: 1 error\(s\); first: llm-prefill-fn render \(docker shim\): container function example\.com\/second-fn:v1 needs Docker, and there is no docker on PATH/);
    });
  });

  describe('the engine', () => {
    let bin: string;
    beforeAll(() => {
      // A stand-in for a standalone kustomize that logs its arguments and builds with kubectl:
      // checks that render prefers it and passes build --enable-alpha-plugins --enable-exec.
      bin = join(root, 'fake-kustomize-bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'kustomize'), `#!/bin/sh\necho "$*" >> '${join(bin, 'args.log')}'\n[ "$1 $2 $3" = "build --enable-alpha-plugins --enable-exec" ] || exit 3\nexec '${kubectl}' kustomize --enable-alpha-plugins "$4"\n`);
      spawnSync('chmod', ['+x', join(bin, 'kustomize')]);
    });

    test('a kustomize on PATH comes first; --engine and LLM_PREFILL_FN_ENGINE pick one', () => {
      const path = `${bin}:${shim.dir}:${process.env.PATH}`;
      const auto = render([join(root, 'inner')], { PATH: path, LLM_PREFILL_FN_ENGINE: '' });
      expect(auto.status).toBe(0);
      expect(readFileSync(join(bin, 'args.log'), 'utf8')).toBe(`build --enable-alpha-plugins --enable-exec ${join(root, 'inner')}\n`);
      const viaKubectl = render([join(root, 'inner'), '--engine', 'kubectl'], { PATH: path });
      expect(viaKubectl.stdout).toBe(auto.stdout);
      expect(readFileSync(join(bin, 'args.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
      const bad = render([join(root, 'inner')], { LLM_PREFILL_FN_ENGINE: 'helm' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('LLM_PREFILL_FN_ENGINE=helm: expected one of kustomize, kubectl, kpt');
    });
  });
});

/** A standalone kustomize is not one of the promised tools (CI guarantees kpt and kubectl): skip, even in CI. */
const standalone = findTool('kustomize');
if (!standalone) process.stderr.write('SKIPPED: render with a standalone kustomize (exec form): kustomize is not installed (optional)\n');
(standalone ? describe : describe.skip)('render with a real standalone kustomize (exec form of the function)', () => {
  let root: string;
  beforeAll(() => {
    requireBuild();
    root = mkdtempSync(join(tmpdir(), 'render-engines-standalone-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('overlays/prod with the exec form renders as kustomize build --enable-alpha-plugins --enable-exec does', () => {
    cpSync(join(ROOT, 'base'), join(root, 'base'), { recursive: true });
    cpSync(join(ROOT, 'overlays/prod'), join(root, 'prod'), { recursive: true });
    const file = join(root, 'prod/prefill-overlay.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['metadata', 'annotations', 'config.kubernetes.io/function'], `exec:\n  path: ${FUNCTION_BIN}\n`);
    writeFileSync(file, doc.toString());
    const want = spawnSync(standalone as string, ['build', '--enable-alpha-plugins', '--enable-exec', join(root, 'prod')], { encoding: 'utf8' });
    const got = spawnSync(process.execPath, [FUNCTION_BIN, 'render', join(root, 'prod'), '--engine', 'kustomize'], { encoding: 'utf8' });
    expect(want.status).toBe(0);
    expect(got.status).toBe(0);
    expect(got.stdout).toBe(want.stdout);
    expect(got.stdout).toContain('llm-prefill.dev/overlay: prod');
  });
});
