/**
 * Issue 12, "done when": pipeline variables are data, never code. Hostile values from a ConfigMap
 * go through the whole function into VLLM_ADDITIONAL_ARGS (shell text the scripts eval) and into
 * vllmArgs; the output's configs are rendered as KServe renders them (gotemplate/, the JSON
 * embedding) and their scripts run with bash and a fake `vllm`. No command of a value may run
 * (no file appears), and vLLM must get each value back as one literal word.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { documentAsItem } from '../files/stream';
import { renderAsKServe, templateDataFromService } from '../gotemplate';
import { FAKE_VLLM } from '../filters/shell-test-kit';
import { runFunction } from '../pipeline';
import { preview } from '../preview/preview';
import { kubeletExpand } from './kubelet';

const ROOT = join(__dirname, '../../..');
const base = (f: string) => readFileSync(join(ROOT, 'base', f), 'utf8');
const CONFIGS = ['config-llm-prefill-template.yaml', 'config-llm-prefill-worker-data-parallel.yaml'].map(base);
const SERVICE = base('llminferenceservice-sample.yaml');

const SHELL_VALUE = 'x $(touch p) `touch q`';
const TEMPLATE_VALUE = 'x{{ printf "%c" 39 }}$(touch r){{ printf "%c" 39 }}';

type Obj = Record<string, unknown>;
interface Container {
  name: string;
  command?: string[];
  env?: { name: string; value?: string }[];
}

function varsConfigMap(data: Record<string, string>): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vars\n  annotations: {config.kubernetes.io/local-config: "true"}\ndata: ${JSON.stringify(data)}\n`;
}

function run(spec: string, items: string[]) {
  const input =
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' +
    items.map(documentAsItem).join('') +
    `functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: t}\n  spec:\n${spec}`;
  return runFunction(input);
}

let bin: string;
let cwd: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'vars-data-bin-'));
  writeFileSync(join(bin, 'vllm'), FAKE_VLLM);
  chmodSync(join(bin, 'vllm'), 0o755);
});
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'vars-data-cwd-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** Runs container main's script as the pod would: env from the container, args `extra1`. */
function runScript(container: Container): string[] {
  expect(container.command?.slice(0, 2)).toEqual(['/bin/bash', '-c']);
  const env: Record<string, string> = { PATH: `${bin}:/usr/bin:/bin`, LWS_LEADER_ADDRESS: 'localhost', DP_ADDRESS_RESOLVE_ATTEMPTS: '1', LWS_WORKER_INDEX: '0' };
  // The kubelet expands each env value against the entries before it, as a pod starts.
  const defined: Record<string, string> = {};
  for (const e of container.env ?? []) if (typeof e.value === 'string') env[e.name] = defined[e.name] = kubeletExpand(e.value, defined);
  const r = spawnSync('/bin/bash', ['-c', container.command?.[2] as string, '--', 'extra1'], { cwd, env, encoding: 'utf8' });
  expect([r.status, r.stderr]).toEqual([0, expect.any(String)]);
  return r.stdout.split('\0').slice(0, -1);
}

/** Every prefill pod's container main of every output config, rendered as KServe renders it. */
function renderedMains(outputText: string): Container[] {
  const service = parse(SERVICE) as Obj;
  const configs = ((parse(outputText) as { items: Obj[] }).items ?? []).filter((o) => o.kind === 'LLMInferenceServiceConfig');
  expect(configs).toHaveLength(2);
  return configs.flatMap((config) => {
    const rendered = renderAsKServe(config.spec, templateDataFromService(service));
    if (!rendered.ok) throw new Error(`KServe would not render ${String((config.metadata as Obj).name)}: ${rendered.error.message}`);
    const prefill = (rendered.value as { prefill: Record<string, { containers?: Container[] } | undefined> }).prefill;
    return ['template', 'worker'].flatMap((role) => prefill[role]?.containers?.filter((c) => c.name === 'main') ?? []);
  });
}

describe('hostile ConfigMap values through the function, KServe rendering and bash', () => {
  test.each([
    ['spec.env VLLM_ADDITIONAL_ARGS', 'env: {VLLM_ADDITIONAL_ARGS: "--tag ${V}"}', SHELL_VALUE],
    ['spec.env VLLM_ADDITIONAL_ARGS (template value)', 'env: {VLLM_ADDITIONAL_ARGS: "--tag ${V}"}', TEMPLATE_VALUE],
    ['vllmArgs', 'vllmArgs: ["--tag", "${V}"]', TEMPLATE_VALUE],
    ['vllmArgs (shell value)', 'vllmArgs: ["--tag", "${V}"]', SHELL_VALUE],
  ])('%s: nothing runs, vLLM gets the value as one word', (_what, field, value) => {
    const out = run(`    overlay: t\n    ${field}\n    pipeline:\n      variables: {V: {}}\n      variablesFrom: [{configMap: vars}]\n`, [...CONFIGS, SERVICE, varsConfigMap({ V: value })]);
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    const mains = renderedMains(out.text);
    expect(mains).toHaveLength(3);
    for (const main of mains) {
      const argv = runScript(main);
      expect(readdirSync(cwd)).toEqual([]);
      expect(argv.slice(-3)).toEqual(['--tag', value, 'extra1']);
    }
  });

  test('a VLLM_ADDITIONAL_ARGS already in the config that refers to a variable: the value is one word', () => {
    const withArgs = CONFIGS.map((c) => c.replace(/\n( +)env:\n( +)- name: HOME\n/g, '\n$1env:\n$2- name: VLLM_ADDITIONAL_ARGS\n$2  value: "--tag ${SHELLY}"\n$2- name: HOME\n'));
    expect(withArgs.join('')).toContain('value: "--tag ${SHELLY}"');
    const out = run(`    overlay: t\n    pipeline:\n      variables: {SHELLY: {}}\n      variablesFrom: [{configMap: vars}]\n`, [...withArgs, SERVICE, varsConfigMap({ SHELLY: TEMPLATE_VALUE + SHELL_VALUE })]);
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    for (const main of renderedMains(out.text)) {
      const argv = runScript(main);
      expect(readdirSync(cwd)).toEqual([]);
      expect(argv.slice(-3)).toEqual(['--tag', TEMPLATE_VALUE + SHELL_VALUE, 'extra1']);
    }
  });

  test('a deferToFlux variable in VLLM_ADDITIONAL_ARGS or vllmArgs fails the run, naming it', () => {
    for (const where of ['env: {VLLM_ADDITIONAL_ARGS: "--tag ${TAG}"}', 'vllmArgs: ["--tag", "${TAG}"]']) {
      const out = run(`    overlay: t\n    ${where}\n    pipeline:\n      engine: flux\n      flux: {substitution: escape}\n      variables: {TAG: {deferToFlux: true}}\n`, [...CONFIGS, SERVICE]);
      expect(out.failed).toBe(true);
      expect(out.results.filter((r) => r.severity === 'error').map((r) => r.message).join('\n')).toMatch(/\$\{TAG\} is left for Flux \(deferToFlux\), but/);
    }
  });
});

describe('preview of such an output', () => {
  test('shows the literal value, never what a command or template would have made of it', () => {
    const out = run(`    overlay: t\n    vllmArgs: ["--tag", "\${V}"]\n    pipeline:\n      variables: {V: {}}\n      variablesFrom: [{configMap: vars}]\n`, [...CONFIGS, SERVICE, varsConfigMap({ V: TEMPLATE_VALUE })]);
    expect(out.failed).toBe(false);
    const resources = (parse(out.text) as { items: Obj[] }).items;
    const text = preview(resources);
    expect(text).toContain(`VLLM_ADDITIONAL_ARGS=--tag '${TEMPLATE_VALUE}'`);
    expect(text).not.toContain("x'$(touch r)'");
  });
});
