/**
 * validateSpec against KServe's v1alpha2 spec schema. The repository's base configs and sample
 * must give no findings; so must KServe's own v0.20.0 configs and samples, read from
 * ../shared/kserve beside the repository when it is there (skipped, saying so, when it is not).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ResourceRef } from '../krm/results';
import { validateSpec } from './kserve-schema';
import { announceSkip, NO_REFERENCE } from '../../../test/support/skip';

type Obj = Record<string, any>; // test data, edited freely

const BASE_DIR = join(__dirname, '../../../base');
const SHARED_KSERVE = join(__dirname, '../../../../shared/kserve');

function kserveResources(file: string): { ref: ResourceRef; value: Obj }[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Obj)
    .filter((o) => o && typeof o.kind === 'string' && o.kind.startsWith('LLMInferenceService'))
    .map((o) => ({ ref: { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name, namespace: o.metadata?.namespace }, value: o }));
}

const yamlFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));

const baseFiles = yamlFiles(BASE_DIR).filter((f) => kserveResources(f).length > 0);

function templateConfig(): { ref: ResourceRef; spec: Obj } {
  const [r] = kserveResources(join(BASE_DIR, 'config-llm-prefill-template.yaml'));
  return { ref: r.ref, spec: r.value.spec };
}

describe('the repository base', () => {
  test('holds the two prefill configs and the sample service', () => {
    expect(baseFiles.map((f) => f.slice(BASE_DIR.length + 1))).toEqual([
      'config-llm-prefill-template.yaml',
      'config-llm-prefill-worker-data-parallel.yaml',
      'llminferenceservice-sample.yaml',
    ]);
  });
  test.each(baseFiles.map((f) => [f.slice(BASE_DIR.length + 1), f]))('%s validates with no findings', (_, file) => {
    for (const { ref, value } of kserveResources(file)) expect(validateSpec(value.spec, ref)).toEqual([]);
  });
});

describe("KServe's own configs and samples (../shared/kserve)", () => {
  for (const sub of ['v0.20.0', 'samples']) {
    const dir = join(SHARED_KSERVE, sub);
    if (!existsSync(dir)) {
      announceSkip(`KServe ${sub} against the spec schema`, `${NO_REFERENCE} (${dir})`);
      test.skip(`KServe ${sub} validates with no findings (skipped: ${dir} absent)`, () => undefined);
      continue;
    }
    const files = yamlFiles(dir);
    test(`${sub} has KServe resources`, () => expect(files.flatMap(kserveResources).length).toBeGreaterThanOrEqual(2));
    test.each(files.map((f) => [`${sub}/${f.slice(dir.length + 1)}`, f]))('%s validates with no findings', (_, file) => {
      for (const { ref, value } of kserveResources(file)) expect(validateSpec(value.spec, ref)).toEqual([]);
    });
  }
});

describe('unknown fields (the API server would prune them)', () => {
  test('a misspelled container field is a warning with a did-you-mean', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.template.containers[0].imagePullPolicyy = 'Always';
    expect(validateSpec(spec, ref)).toEqual([
      {
        severity: 'warning',
        message: expect.stringMatching(/^unknown field "imagePullPolicyy" \(did you mean "imagePullPolicy"\?\)/),
        resourceRef: ref,
        field: { path: 'spec.prefill.template.containers[0].imagePullPolicyy' },
      },
    ]);
  });

  test('a misspelled prefill field is a warning with a did-you-mean', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.parralelism = { tensor: 1 };
    const [finding, ...rest] = validateSpec(spec, ref);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', field: { path: 'spec.prefill.parralelism' } });
    expect(finding.message).toContain('unknown field "parralelism" (did you mean "parallelism"?)');
    expect(finding.message).toContain('the API server would drop it silently');
  });

  test('a name far from any field lists the known ones when they are few', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.parallelism = { tensor: 1, zzz: 2 };
    const [finding] = validateSpec(spec, ref);
    expect(finding.message).toMatch(/^unknown field "zzz" \(known fields: data, dataLocal, dataRPCPort, expert, pipeline, tensor\)/);
  });

  test('maps and fields that keep unknown content are left open', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.labels = { anything: 'goes' };
    spec.prefill.template.nodeSelector = { 'example.com/pool': 'h200' };
    spec.prefill.template.containers[0].resources = { limits: { 'rdma/roce_gdr': 1 } };
    spec.model = { uri: 'hf://x/y', lora: { adapters: [{ whatever: true }] } };
    expect(validateSpec(spec, ref)).toEqual([]);
  });
});

describe('values the API server or Kubernetes would reject are errors', () => {
  const cases: [string, (spec: Obj) => void, string, string, unknown][] = [
    ['a string for an integer', (s) => (s.prefill.replicas = 'two'), 'spec.prefill.replicas', 'must be an integer', 'two'],
    ['data below its minimum', (s) => (s.prefill.parallelism = { data: 0, dataLocal: 1 }), 'spec.prefill.parallelism.data', 'must be >= 1', 0],
    ['a port above 65535', (s) => (s.prefill.parallelism = { dataRPCPort: 70000 }), 'spec.prefill.parallelism.dataRPCPort', 'must be <= 65535', 70000],
    ['replicas below 0', (s) => (s.prefill.replicas = -1), 'spec.prefill.replicas', 'must be >= 0', -1],
    ['an int32 overflow', (s) => (s.prefill.template.containers[0].readinessProbe.periodSeconds = 2 ** 31), 'spec.prefill.template.containers[0].readinessProbe.periodSeconds', 'must be <= 2147483647', 2 ** 31],
    [
      'a bad quantity',
      (s) => (s.prefill.template.containers[0].resources = { limits: { memory: '8Gb' } }),
      'spec.prefill.template.containers[0].resources.limits.memory',
      'must be a Kubernetes quantity, e.g. 8Gi, 500m or 2 (or a Go template that renders one)',
      '8Gb',
    ],
    [
      'a core/v1 enum',
      (s) => (s.prefill.template.containers[0].imagePullPolicy = 'always'),
      'spec.prefill.template.containers[0].imagePullPolicy',
      'must be one of: Always, IfNotPresent, Never (or a Go template)',
      'always',
    ],
    ['a CRD enum', (s) => (s.prefill.kvCacheOffloading = { cpu: '10Gi', evictionPolicy: 'fifo' }), 'spec.prefill.kvCacheOffloading.evictionPolicy', 'must be one of: lru, arc', 'fifo'],
    ['a missing required field', (s) => s.prefill.template.containers.push({ image: 'x' }), 'spec.prefill.template.containers[1].name', 'required field is missing', undefined],
    ['a list where an object belongs', (s) => (s.prefill.parallelism = [1]), 'spec.prefill.parallelism', 'must be an object', undefined],
    [
      'a duplicate in a set',
      (s) => (s.router = { route: { http: { spec: { rules: [{ filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['x-a', 'x-a'] } }] }] } } } }),
      'spec.router.route.http.spec.rules[0].filters[0].requestHeaderModifier.remove',
      'must NOT have duplicate items',
      undefined,
    ],
  ];
  test.each(cases)('%s', (_, change, path, message, currentValue) => {
    const { ref, spec } = templateConfig();
    change(spec);
    const findings = validateSpec(spec, ref);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', resourceRef: ref, field: { path } });
    expect(findings[0].message).toContain(message);
    expect(findings[0].field?.currentValue).toEqual(currentValue);
  });

  test('every error is reported, each at its own path', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.replicas = 'two';
    spec.prefill.parallelism = { data: 0, dataLocal: 0, dataRPCPort: 70000 };
    expect(validateSpec(spec, ref).map((f) => [f.severity, f.field?.path])).toEqual([
      ['error', 'spec.prefill.parallelism.data'],
      ['error', 'spec.prefill.parallelism.dataLocal'],
      ['error', 'spec.prefill.parallelism.dataRPCPort'],
      ['error', 'spec.prefill.replicas'],
    ]);
  });

  test('an int-or-string field takes neither a boolean nor an object', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.template.containers[0].readinessProbe.httpGet.port = true;
    expect(validateSpec(spec, ref)).toEqual([
      expect.objectContaining({ severity: 'error', message: 'must be an integer or a string', field: { path: 'spec.prefill.template.containers[0].readinessProbe.httpGet.port', currentValue: true } }),
    ]);
  });
});

describe('Go templates (KServe renders them before it uses the spec)', () => {
  const TLS_SCHEME = '{{ if .GlobalConfig.EnableTLS }}HTTPS{{else}}HTTP{{- end }}';

  test('a template in an enum field (probe scheme) is accepted; another value is not', () => {
    const { ref, spec } = templateConfig();
    const probe = spec.prefill.template.containers[0].livenessProbe.httpGet;
    probe.scheme = TLS_SCHEME;
    expect(validateSpec(spec, ref)).toEqual([]);
    probe.scheme = 'HTTPX';
    expect(validateSpec(spec, ref)).toEqual([
      expect.objectContaining({ severity: 'error', message: 'must be one of: HTTP, HTTPS (or a Go template)', field: { path: 'spec.prefill.template.containers[0].livenessProbe.httpGet.scheme', currentValue: 'HTTPX' } }),
    ]);
  });

  test('a template where a pod-template pattern applies is accepted (checked after rendering)', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.template.containers[0].resources = { limits: { memory: '{{ .Spec.Prefill.Memory }}' } };
    spec.prefill.template.volumes.find((v: Obj) => v.name === 'dshm').emptyDir.sizeLimit = '{{ or .X "8Gi" }}';
    expect(validateSpec(spec, ref)).toEqual([]);
  });

  test('a template where the API server checks the raw text (both CRDs have the pattern) is an error', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.kvCacheOffloading = { cpu: '{{ .X }}' };
    expect(validateSpec(spec, ref)).toEqual([
      expect.objectContaining({ severity: 'error', message: 'must be a Kubernetes quantity, e.g. 8Gi, 500m or 2', field: { path: 'spec.prefill.kvCacheOffloading.cpu', currentValue: '{{ .X }}' } }),
    ]);
  });
});

describe('edges', () => {
  test('a null field (every list entry commented out) is a warning: the API server drops it', () => {
    const { ref, spec } = templateConfig();
    spec.prefill.template.containers[0].env = null;
    expect(validateSpec(spec, ref)).toEqual([
      {
        severity: 'warning',
        message: 'must be an array, not null: the API server drops a null field (remove the key or give a value)',
        resourceRef: ref,
        field: { path: 'spec.prefill.template.containers[0].env' },
      },
    ]);
  });

  test('no spec gives no findings; a spec that is not an object is an error at spec', () => {
    const { ref } = templateConfig();
    expect(validateSpec(undefined, ref)).toEqual([]);
    expect(validateSpec('x', ref)).toEqual([expect.objectContaining({ severity: 'error', message: 'must be an object', field: { path: 'spec', currentValue: 'x' } })]);
  });

  test('without a resourceRef the results carry none', () => {
    const [finding] = validateSpec({ replicas: 'x' }, undefined);
    expect(finding).toEqual({ severity: 'error', message: 'must be an integer', field: { path: 'spec.replicas', currentValue: 'x' } });
  });
});
