/**
 * Release awareness through the whole function: the Go template lint uses the declared release's
 * functions and .GlobalConfig fields, and `ifMissing: add` writes that release's configs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { documentAsItem, itemAsDocument } from '../files/stream';
import { decode } from '../krm/decode';
import { runFunction } from '../pipeline';
import { configToAdd, releaseConfig } from '../plan/release-configs';
import { lintTemplates } from '../validate/templates';
import { KSERVE_ADMISSION_SAMPLE, renderAsKServe } from '../gotemplate';
import { parseDocument } from 'yaml';
import { releaseOf, type ReleaseName } from './releases';

const ROOT = join(__dirname, '../../..');
const base = (f: string) => readFileSync(join(ROOT, 'base', f), 'utf8');
const TEMPLATE = base('config-llm-prefill-template.yaml');
const DATA_PARALLEL = base('config-llm-prefill-worker-data-parallel.yaml');

const list = (items: string[], spec: string) =>
  'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' +
  items.map(documentAsItem).join('') +
  `functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: t}\n  spec:\n    overlay: t\n${spec}`;

const errors = (out: ReturnType<typeof runFunction>) => out.results.filter((r) => r.severity === 'error').map((r) => r.message);

describe('the template lint uses the declared release', () => {
  test('v0.20.0 configs on a v0.17.0 controller: each function and field it lacks is an error naming both', () => {
    const out = runFunction(list([TEMPLATE, DATA_PARALLEL], '    kserve: {version: v0.17.0}\n    ifMissing: error\n'));
    expect(out.failed).toBe(true);
    const text = errors(out).join('\n');
    expect(text).toMatch(/function "shutdownTimeout" not defined \(KServe v0\.17\.0, the release spec\.kserve\.version declares, lacks it; shutdownTimeout exists from KServe v0\.19\.0\)/);
    expect(text).toMatch(/function "kvTransferConfig" not defined \(.*kvTransferConfig exists from KServe v0\.20\.0\)/);
    expect(text).toMatch(/\.GlobalConfig\.EnableTLS: can't evaluate field EnableTLS .*\.GlobalConfig\.EnableTLS exists from KServe v0\.18\.0/);
  });

  test('v0.19.0 lacks only kvTransferConfig (and the kvCacheOffloading field)', () => {
    const out = runFunction(list([TEMPLATE], '    kserve: {version: v0.19.0}\n    configs: [template]\n'));
    const text = errors(out).join('\n');
    expect(text).toMatch(/function "kvTransferConfig" not defined/);
    expect(text).not.toMatch(/shutdownTimeout|EnableTLS/);
    expect(text).toMatch(/KVCacheOffloading/);
  });

  test('v0.20.0 (the default) accepts the base', () => {
    expect(errors(runFunction(list([TEMPLATE, DATA_PARALLEL], '')))).toEqual([]);
  });

  const releases: ReleaseName[] = ['v0.17.0', 'v0.18.0', 'v0.19.0', 'v0.20.0'];
  test.each(releases)('the embedded %s configs lint clean on their own release (the v0.19.0 ones also fail on v0.18.0)', (name) => {
    const release = releaseOf(name);
    for (const role of ['template', 'dataParallel'] as const) {
      const text = releaseConfig(release.files, role) ?? '';
      expect(text).toContain('kind: LLMInferenceServiceConfig');
      expect(lintTemplates(parseDocument(text), undefined, release).map((r) => r.message)).toEqual([]);
    }
    if (name === 'v0.19.0') {
      const older = lintTemplates(parseDocument(releaseConfig('v0.19.0', 'template') ?? ''), undefined, releaseOf('v0.18.0'));
      expect(older.map((r) => r.message).join('\n')).toMatch(/shutdownTimeout/);
    }
  });
});

describe('ifMissing: add writes the declared release\'s configs', () => {
  const added = (spec: string) => {
    const out = runFunction(list([], spec));
    const docs = decode(out.text).items.map((i) => parse(itemAsDocument(i.chunk)) as { metadata: { name: string }; spec: { prefill: Record<string, { containers: { image: string; command: string[] }[] }> } });
    return { out, docs };
  };

  test.each([
    ['v0.17.0', 'llm-d-cuda:v0.4.0', (c: string[]) => c[0] === 'vllm' && c.length === 7],
    ['v0.17.1', 'llm-d-cuda:v0.4.0', (c: string[]) => c[0] === 'vllm'],
    ['v0.18.0', 'llm-d-cuda:v0.6.0', (c: string[]) => c[0] === '/bin/bash' && /eval "vllm serve/.test(c[2])],
    ['v0.19.0', 'llm-d-cuda:v0.6.0', (c: string[]) => /eval "exec vllm serve/.test(c[2]) && !c[2].includes('kvTransferConfig')],
    ['v0.20.0', 'llm-d-cuda:v0.8.0', (c: string[]) => c[2].includes('kvTransferConfig')],
  ])('%s: the template config of that release, and the result says so', (version, image, commandOk) => {
    const { out, docs } = added(`    kserve: {version: ${version}}\n`);
    expect(errors(out)).toEqual([]);
    const template = docs.find((d) => d.metadata.name === 'kserve-config-llm-prefill-template');
    const main = template?.spec.prefill.template.containers[0];
    expect(main?.image).toBe(`ghcr.io/llm-d/${image}`);
    expect(commandOk(main?.command ?? [])).toBe(true);
    const note = out.results.find((r) => r.resourceRef?.name === 'kserve-config-llm-prefill-template' && r.severity === 'info');
    expect(note?.message).toContain(`added for KServe ${version}`);
    const dp = docs.find((d) => d.metadata.name === 'kserve-config-llm-prefill-worker-data-parallel');
    expect(dp?.spec.prefill.worker.containers[0].image).toBe(`ghcr.io/llm-d/${image}`);
  });

  test('a version the schema does not know is refused', () => {
    expect(added('    kserve: {version: v0.15.0}\n').out.failed).toBe(true);
  });
});

describe('the ConfigMap form', () => {
  test('kserveVersion is the flat key of spec.kserve.version', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: fn}\n  data: {overlay: t, kserveVersion: v0.18.0, configs: template}\n';
    const out = runFunction(input);
    expect(out.results.find((r) => r.resourceRef?.name === 'kserve-config-llm-prefill-template')?.message).toContain('added for KServe v0.18.0');
  });
});

describe("the embedded configs pass their release's config webhook", () => {
  test.each(['v0.17.0', 'v0.18.0', 'v0.19.0', 'v0.20.0'] as ReleaseName[])('%s: both render against the admission sample service with that release\'s functions and .GlobalConfig', (name) => {
    const release = releaseOf(name);
    for (const role of ['template', 'dataParallel'] as const) {
      const config = parse(releaseConfig(release.files, role) ?? '') as { spec: unknown };
      const out = renderAsKServe(config.spec, KSERVE_ADMISSION_SAMPLE, undefined, { kserveFunctions: release.functions, globalConfigFields: release.globalConfigFields });
      expect(out.ok ? 'ok' : out.error.message).toBe('ok');
    }
  });

  test('a v0.20.0 config fails to render on v0.19.0 (kvTransferConfig is a parse error there)', () => {
    const release = releaseOf('v0.19.0');
    const config = parse(TEMPLATE) as { spec: unknown };
    const out = renderAsKServe(config.spec, KSERVE_ADMISSION_SAMPLE, undefined, { kserveFunctions: release.functions, globalConfigFields: release.globalConfigFields });
    expect(out.ok ? 'ok' : out.error.message).toMatch(/function "kvTransferConfig" not defined/);
  });
});

describe('spec fields of the release', () => {
  const withOffloading = TEMPLATE.replace('  prefill:\n', '  prefill:\n    kvCacheOffloading: {cpu: 10Gi}\n');
  test('kvCacheOffloading in a managed config on v0.19.0 is an error naming the field and the release; on v0.20.0 it is fine', () => {
    const v19 = runFunction(list([withOffloading], '    kserve: {version: v0.19.0}\n    configs: [template]\n'));
    const e = v19.results.find((r) => r.field?.path === 'spec.prefill.kvCacheOffloading');
    expect(e?.severity).toBe('error');
    expect(e?.message).toMatch(/KServe v0\.19\.0, the release spec\.kserve\.version declares, has no such field \(it exists from v0\.20\.0\)/);
    const v20 = runFunction(list([withOffloading], '    configs: [template]\n'));
    expect(v20.results.find((r) => r.field?.path === 'spec.prefill.kvCacheOffloading')).toBeUndefined();
  });
});

describe('a release without an embedded config', () => {
  test('ifMissing: add fails, saying which file to add', () => {
    // Every release the schema accepts has its configs; a table entry whose files are not written is refused, not guessed.
    const unwritten = { ...releaseOf('v0.18.1'), files: 'v0.18.1' as const };
    const out = configToAdd('dataParallel', unwritten, 'kserve-config-llm-prefill-worker-data-parallel', 'kserve');
    expect('severity' in out && out.message).toBe(
      "kserve-config-llm-prefill-worker-data-parallel (namespace kserve) is not in the input, and llm-prefill-fn has no config for KServe v0.18.1 to add: add that release's config-llm-prefill-worker-data-parallel.yaml (from KServe's config/llmisvcconfig) to the input, or set ifMissing: error",
    );
  });
});
