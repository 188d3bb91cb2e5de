/**
 * The engine on the real prefill configs: this project's base/ (always), and KServe v0.20.0's own
 * configs and CRD schema from ../shared (reference material beside the repository; skipped,
 * saying so, when absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TemplateData } from './data';
import { formatTemplateError } from './errors';
import { lintTemplate } from './lint';
import { renderAsKServe, renderTemplate } from './render';
import { KSERVE_ADMISSION_SAMPLE } from './sample';
import { TEST_SPEC_SCHEMA, sampleData } from './test-fixtures';
import { specSchemaFromCrd, type JsonSchema } from './types';
import { announceSkip, NO_REFERENCE } from '../../../test/support/skip';

const BASE = join(__dirname, '../../../base');
const SHARED = join(__dirname, '../../../..', 'shared', 'kserve');
const V020 = join(SHARED, 'v0.20.0');
const CRD = join(SHARED, 'crds', 'serving.kserve.io_llminferenceservices.yaml');

type Doc = { spec: Record<string, unknown> };
type Pod = { containers: { name: string; command?: string[] }[] };

const TEMPLATE = 'config-llm-prefill-template.yaml';
const DATA_PARALLEL = 'config-llm-prefill-worker-data-parallel.yaml';

/** Every string of a value that holds a template action. */
function templateStrings(v: unknown, path = ''): [string, string][] {
  if (typeof v === 'string') return v.includes('{{') ? [[path, v]] : [];
  if (Array.isArray(v)) return v.flatMap((e, i) => templateStrings(e, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, e]) => templateStrings(e, path ? `${path}.${k}` : k));
  return [];
}

/** The scripts (`bash -c SCRIPT`) of container main in each prefill pod of a rendered spec. */
function scripts(spec: unknown): string[] {
  const prefill = (spec as { prefill: { template?: Pod; worker?: Pod } }).prefill;
  return [prefill.template, prefill.worker]
    .filter((p): p is Pod => p !== undefined)
    .map((p) => p.containers.find((c) => c.name === 'main')?.command?.[2] ?? '');
}

function render(doc: Doc, data: TemplateData, specSchema: JsonSchema): Record<string, unknown> {
  const r = renderAsKServe(doc.spec, data, undefined, { specSchema });
  if (!r.ok) throw new Error(`${r.error.path}: ${formatTemplateError(r.error)}`);
  return r.value as Record<string, unknown>;
}

const SAMPLE = sampleData({ Spec: { model: { name: 'm' }, prefill: { parallelism: { data: 16, dataLocal: 8, tensor: 1, expert: true }, template: {}, worker: {} } } });

function checkConfigs(dir: string, schema: () => JsonSchema): void {
  let docs: Record<string, Doc> = {};
  beforeAll(() => {
    docs = Object.fromEntries([TEMPLATE, DATA_PARALLEL].map((f) => [f, parse(readFileSync(join(dir, f), 'utf8')) as Doc]));
  });

  test.each([TEMPLATE, DATA_PARALLEL])('%s: every template string lints clean', (file) => {
    const strings = templateStrings(docs[file].spec);
    expect(strings.length).toBeGreaterThanOrEqual(5);
    for (const [path, text] of strings) {
      expect({ path, findings: lintTemplate(text, { specSchema: schema() }) }).toEqual({ path, findings: [] });
    }
  });

  test.each([TEMPLATE, DATA_PARALLEL])('%s: every template string renders alone as it does within the whole spec', (file) => {
    const whole = render(docs[file], SAMPLE, schema());
    const rendered = new Map(templateStrings(docs[file].spec).map(([path]) => [path, path]));
    for (const [path, text] of templateStrings(docs[file].spec)) {
      const r = renderTemplate(text, SAMPLE, undefined, { specSchema: schema() });
      if (!r.ok) throw new Error(`${path}: ${formatTemplateError(r.error)}`);
      const fromWhole = path.split(/\.|(?=\[)/).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k.replace(/^\[(\d+)\]$/, '$1')], whole);
      expect({ path, text: r.text }).toEqual({ path, text: fromWhole });
      expect(r.text).not.toContain('{{');
      rendered.delete(path);
    }
    expect([...rendered.keys()]).toEqual([]);
  });

  test('the data-parallel scripts get the sample service\'s values', () => {
    const spec = render(docs[DATA_PARALLEL], SAMPLE, schema());
    const all = scripts(spec);
    expect(all).toHaveLength(2);
    for (const script of all) {
      expect(script).toContain('--data-parallel-size 16');
      expect(script).toContain('--data-parallel-size-local 8');
      expect(script).toContain('--enable-expert-parallel');
      expect(script).toContain('--tensor-parallel-size 1');
      expect(script).toContain('--served-model-name "m"');
      expect(script).toContain('--shutdown-timeout 40');
      expect(script).toContain('--data-parallel-rpc-port 5555');
      expect(script).not.toContain('--enable-ssl-refresh');
      expect(script).not.toContain('{{');
    }
    expect(all[1]).toContain('START_RANK=$(( ${LWS_WORKER_INDEX:-0} * 8 ))');
    expect(JSON.stringify(spec)).not.toContain('{{');
  });

  test('the single-pod script gets the sample service\'s values', () => {
    const spec = render(docs[TEMPLATE], SAMPLE, schema());
    const [script] = scripts(spec);
    expect(script).toContain('--served-model-name "m"');
    expect(script).toContain('--tensor-parallel-size 1');
    expect(script).toContain('--shutdown-timeout 40');
    expect(script).not.toContain('--data-parallel-size');
    expect(JSON.stringify(spec)).not.toContain('{{');
    expect(JSON.stringify(spec)).toContain('"secretName":"svc-kserve-self-signed-certs"');
    expect(JSON.stringify(spec)).toContain('"scheme":"HTTP"');
  });

  test('with TLS on, KV-cache offloading and a grace period', () => {
    const data = sampleData({
      Spec: { model: { name: 'm' }, prefill: { parallelism: { data: 4, dataLocal: 2 }, template: { terminationGracePeriodSeconds: 120 }, worker: {}, kvCacheOffloading: { cpu: '1Gi', evictionPolicy: 'lru' } } },
      GlobalConfig: { EnableTLS: true },
    });
    const spec = render(docs[DATA_PARALLEL], data, schema());
    const [leader, worker] = scripts(spec);
    expect(leader).toContain('--enable-ssl-refresh');
    expect(leader).toContain('--shutdown-timeout 100');
    expect(worker).toContain('--shutdown-timeout 40');
    expect(leader).toContain(`--kv-transfer-config '{\\"kv_connector\\":\\"OffloadingConnector\\"`);
    expect(leader).not.toContain('--enable-expert-parallel');
    expect(JSON.stringify(spec)).toContain('"scheme":"HTTPS"');
  });

  test("KServe's admission sample renders (the webhook would reject the config otherwise)", () => {
    for (const file of [TEMPLATE, DATA_PARALLEL]) expect(() => render(docs[file], KSERVE_ADMISSION_SAMPLE, schema())).not.toThrow();
  });

  test('a data-parallel config fails on a service whose own spec has no prefill parallelism', () => {
    const r = renderAsKServe(docs[DATA_PARALLEL].spec, sampleData({ Spec: { model: { name: 'm' }, prefill: {} } }), undefined, { specSchema: schema() });
    expect(r.ok ? undefined : r.error.message).toBe('nil pointer evaluating *v1alpha2.ParallelismSpec.Expert');
  });
}

describe('base/ configs', () => {
  checkConfigs(BASE, () => TEST_SPEC_SCHEMA);
});

// The project's schema of spec, derived from KServe's CRDs ($refs into $defs).
const DERIVED = join(__dirname, '../validate/schemas/llminferenceservice-spec.v1alpha2.json');

describe("base/ configs against the project's derived spec schema", () => {
  let derived: JsonSchema | undefined;
  beforeAll(() => {
    derived = JSON.parse(readFileSync(DERIVED, 'utf8')) as JsonSchema;
  });
  const schema = (): JsonSchema => derived ?? {};
  checkConfigs(BASE, schema);

  test('it types the pod spec fields through $refs', () => {
    expect(lintTemplate('{{ .Spec.Prefill.Template.TerminationGracePeriodSeconds }}', { specSchema: schema() })).toEqual([]);
    expect(lintTemplate('{{ .Spec.Prefill.Template.TerminationGracePeriod }}', { specSchema: schema() })[0].message).toMatch(/did you mean "TerminationGracePeriodSeconds"/);
  });
});

const shared = existsSync(V020) && existsSync(CRD);
if (!shared) announceSkip('Go templates of KServe v0.20.0 configs against its CRD', `${NO_REFERENCE} (${SHARED})`);

(shared ? describe : describe.skip)('with KServe v0.20.0 reference material', () => {
  let crdSchema: JsonSchema | undefined;
  beforeAll(() => {
    crdSchema = specSchemaFromCrd(parse(readFileSync(CRD, 'utf8')));
  });
  const schema = (): JsonSchema => {
    if (!crdSchema) throw new Error('no spec schema in the CRD');
    return crdSchema;
  };

  describe("KServe v0.20.0's own configs", () => {
    checkConfigs(V020, schema);
  });

  describe('base/ configs against the CRD schema', () => {
    checkConfigs(BASE, schema);
  });

  test('the CRD schema types the pod spec fields', () => {
    expect(lintTemplate('{{ .Spec.Prefill.Template.TerminationGracePeriodSeconds }} {{ .Spec.Prefill.Template.Containers }}', { specSchema: schema() })).toEqual([]);
    expect(lintTemplate('{{ .Spec.Prefill.Template.TerminationGracePeriod }}', { specSchema: schema() })[0].message).toMatch(/did you mean "TerminationGracePeriodSeconds"/);
    expect(lintTemplate('{{ .Spec.Prefill.Template.Containers.Name }}', { specSchema: schema() })[0].message).toMatch(/a list: use index or range/);
  });
});
