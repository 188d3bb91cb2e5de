/**
 * fast-check generators for the property tests: KRM items and functionConfigs as plain data, and
 * a renderer that writes them as YAML in a random but valid style (block or flow collections,
 * plain / single / double quotes and block scalars, comments, indentation 2 or 4, compact or wide
 * sequences, items at column 0 or 2, CRLF, a BOM).
 */
import fc from 'fast-check';
import { Document, isCollection, isMap, isPair, isScalar, isSeq, parse, Scalar, visit } from 'yaml';
import sample from '../../base/llminferenceservice-sample.yaml';
import { BASE_CONFIGS } from '../../functions/src/plan/base-configs';
import { indentLines } from '../../functions/src/krm/lines';
import { documentAsItem } from '../../functions/src/files/stream';
import { prng } from '../support/prng';

export type Obj = Record<string, unknown>;

/** An object with the given own keys (also `__proto__`, defined as data, never as the prototype). */
export function objectOf(entries: readonly (readonly [string, unknown])[]): Obj {
  const o: Obj = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** Keys that have bitten JavaScript code: prototype names, YAML-special words, odd characters. */
export const awkwardKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'true', 'null', '0', 'a.b', 'x-y', 'with space', '#hash', 'k: v');
export const key = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9._-]{0,11}$/) }, { weight: 1, arbitrary: awkwardKey });

/** Strings whose YAML form needs care: booleans and numbers as text, indicators, templates, line breaks. */
export const awkwardString = fc.constantFrom(
  '',
  'true',
  'on',
  'no',
  'null',
  '~',
  '0777',
  '1e3',
  '0x1F',
  '- item',
  'a: b',
  '#x',
  '&anchor',
  '*alias',
  '!tag',
  '|',
  '>-',
  '"dq"',
  "'sq'",
  '{{ .Spec.Model.Name }}',
  '$(POD_IP)',
  '${CLUSTER}',
  '$$',
  'multi\nline\n',
  'trailing\n\n',
  ' lead',
  'trail ',
  'tab\there',
  'üñí©ødé',
  '😀 astral',
  '\\backslash',
);
export const text = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 2, arbitrary: awkwardString }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) });

export const dns = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);

export const configMap = fc.record({
  name: dns,
  namespace: fc.option(dns, { nil: undefined }),
  labels: fc.array(fc.tuple(key, text), { maxLength: 3 }),
  data: fc.array(fc.tuple(key, text), { maxLength: 6 }),
}).map(({ name, namespace, labels, data }) => {
  const metadata: Obj = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  if (labels.length > 0) metadata.labels = objectOf(labels);
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: objectOf(data) } as Obj;
});

export const TEMPLATE = parse(BASE_CONFIGS.template) as Obj;
export const DATA_PARALLEL = parse(BASE_CONFIGS.dataParallel) as Obj;
export const SERVICE = parse(sample) as Obj;

/** kpt's annotations on an item that came from a file. */
export const kptAnnotations = fc.constantFrom<Obj | undefined>(
  undefined,
  {
    'config.kubernetes.io/index': '0',
    'config.kubernetes.io/path': 'kserve/config.yaml',
    'internal.config.kubernetes.io/index': '0',
    'internal.config.kubernetes.io/path': 'kserve/config.yaml',
    'internal.config.kubernetes.io/seqindent': 'compact',
  },
  { 'kustomize.config.k8s.io/id': 'group: serving.kserve.io\nkind: LLMInferenceServiceConfig\n' },
);

/** A managed prefill config, or an LLMInferenceServiceConfig of another name (not managed). */
export function llmConfig(role: 'template' | 'dataParallel', managed: boolean) {
  const base = role === 'template' ? TEMPLATE : DATA_PARALLEL;
  return fc.record({ annotations: kptAnnotations, namespaced: fc.boolean(), other: dns }).map(({ annotations, namespaced, other }) => {
    const value = structuredClone(base);
    const metadata = value.metadata as Obj;
    if (!managed) metadata.name = `other-${other}`;
    if (!namespaced && managed) delete metadata.namespace;
    if (annotations) metadata.annotations = { ...annotations };
    return value;
  });
}

export const service = fc.record({ name: dns, prefill: fc.boolean() }).map(({ name, prefill }) => {
  const value = structuredClone(SERVICE);
  (value.metadata as Obj).name = name;
  if (!prefill) delete (value.spec as Obj).prefill;
  return value;
});

export const item = fc.oneof(
  { weight: 4, arbitrary: configMap },
  { weight: 2, arbitrary: llmConfig('template', true) },
  { weight: 2, arbitrary: llmConfig('dataParallel', true) },
  { weight: 1, arbitrary: llmConfig('template', false) },
  { weight: 1, arbitrary: service },
);

// ---------------------------------------------------------------------------------------------
// functionConfigs: valid ones from the PrefillOverlay schema's fields, and broken ones.

const quantity = fc.oneof(fc.constantFrom('1', '500m', '16', '64Gi', '2Gi', '1.5'), fc.integer({ min: 1, max: 64 }));
const envValue = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.constant({ valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }) });
const envName = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'VLLM_LOGGING_LEVEL', 'HOME', 'a.b-c') });
const labelKey = fc.oneof(fc.stringMatching(/^[a-z]([-a-z0-9.]{0,8}[a-z0-9])?$/), fc.constantFrom('example.com/team', '__proto__', 'constructor'));

export const spec = fc.record(
  {
    overlay: dns,
    image: fc.constantFrom('ghcr.io/llm-d/llm-d-cuda:v0.9.0', 'registry.local/vllm:v1', 'x:v2'),
    imagePullPolicy: fc.constantFrom('Always', 'IfNotPresent', 'Never'),
    ifMissing: fc.constantFrom('add', 'error', 'ignore'),
    configs: fc.subarray(['template', 'dataParallel'], { minLength: 1 }),
    env: fc.array(fc.tuple(envName, envValue), { maxLength: 4 }).map(objectOf),
    vllmArgs: fc.array(fc.oneof(fc.constantFrom('--max-model-len', '8192', '--enforce-eager', "it's", '"q"', '$HOME', '--x=a b'), text), { maxLength: 4 }),
    resources: fc.record(
      {
        gpus: fc.integer({ min: 0, max: 8 }),
        cpu: fc.oneof(quantity, fc.record({ requests: quantity, limits: quantity }, { requiredKeys: [] })),
        memory: fc.oneof(quantity, fc.record({ requests: quantity, limits: quantity }, { requiredKeys: [] })),
        rdma: fc.record({ resource: fc.constant('rdma/roce_gdr'), count: fc.integer({ min: 1, max: 2 }) }),
      },
      { requiredKeys: [] },
    ),
    sharedMemory: fc.constantFrom('2Gi', '16Gi', '512Mi'),
    roce: fc.oneof(fc.constant({ enabled: false }), fc.record({ enabled: fc.constant(true), gidIndex: fc.integer({ min: 0, max: 7 }), socketIfname: fc.constant('net1'), networks: fc.constant('roce-p2') }, { requiredKeys: ['enabled'] })),
    scheduling: fc.record(
      {
        nodeSelector: fc.array(fc.tuple(labelKey, dns), { maxLength: 2 }).map(objectOf),
        tolerations: fc.constant([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]),
        priorityClassName: dns,
      },
      { requiredKeys: [] },
    ),
    terminationGracePeriodSeconds: fc.integer({ min: 0, max: 600 }),
    labels: fc.array(fc.tuple(labelKey, dns), { maxLength: 2 }).map(objectOf),
    annotations: fc.array(fc.tuple(labelKey, text), { maxLength: 2 }).map(objectOf),
    parallelism: fc.record({ data: fc.constantFrom(1, 2, 8, 16), dataLocal: fc.constantFrom(1, 2, 8), tensor: fc.constantFrom(1, 2), expert: fc.boolean() }, { requiredKeys: [] }),
    replicas: fc.integer({ min: 0, max: 3 }),
    services: fc.constantFrom('all', 'none', { selector: { matchLabels: { tier: 'gpu' } } }),
  },
  { requiredKeys: ['overlay'] },
);

/** Ways to break a valid spec: a misspelled or unknown field, a wrong type, a contradiction. */
const breakage = fc.oneof(
  fc.record({ kind: fc.constant('typo' as const), field: fc.constantFrom('imag', 'enVV', 'replica', 'parallelizm', 'gpus') }),
  fc.record({ kind: fc.constant('type' as const), field: fc.constantFrom('replicas', 'env', 'vllmArgs', 'image', 'resources', 'parallelism'), value: fc.constantFrom<unknown>('two', 3, [1], { a: 1 }, null, true) }),
  fc.record({ kind: fc.constant('proto' as const), field: fc.constantFrom('__proto__', 'constructor', 'prototype') }),
  fc.constant({ kind: 'contradiction' as const }),
);

export const functionConfig = fc
  .record({ spec, broken: fc.option(breakage, { freq: 4, nil: undefined }), form: fc.constantFrom('overlay', 'overlay', 'overlay', 'configmap') })
  .map(({ spec: s, broken, form }) => {
    const value = objectOf(Object.entries(s));
    if (broken?.kind === 'typo') Object.defineProperty(value, broken.field, { value: 'x', enumerable: true });
    if (broken?.kind === 'type') value[broken.field] = broken.value;
    if (broken?.kind === 'proto') Object.defineProperty(value, broken.field, { value: { polluted: 'yes' }, enumerable: true });
    if (broken?.kind === 'contradiction') {
      value.vllmArgs = ['--x'];
      value.env = objectOf([['VLLM_ADDITIONAL_ARGS', '--y']]);
    }
    if (form === 'configmap') {
      // The flat-key form: only the simple fields (others are dropped, not broken).
      const data: [string, unknown][] = [['overlay', value.overlay]];
      for (const k of ['image', 'imagePullPolicy', 'ifMissing', 'replicas', 'terminationGracePeriodSeconds']) if (value[k] !== undefined) data.push([k, String(value[k])]);
      for (const [n, v] of Object.entries((value.env as Obj | undefined) ?? {})) if (typeof v === 'string') data.push([`env.${n}`, v]);
      if (broken?.kind === 'typo') data.push([broken.field, 'x']);
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: objectOf(data.map(([k, v]) => [k, String(v)])) } as Obj;
    }
    return { apiVersion: 'fn.llm-prefill.dev/v1alpha1', kind: 'PrefillOverlay', metadata: { name: 'x' }, spec: value } as Obj;
  });

// ---------------------------------------------------------------------------------------------
// Rendering.

export interface Style {
  indent: 2 | 4;
  indentSeq: boolean;
  /** Items at column 0 ("- ") or 2 ("  - "). */
  wideItems: boolean;
  crlf: boolean;
  bom: boolean;
  /** Per-node choices: how often a collection is flow style, a string quoted, a comment added. */
  flow: number;
  quote: number;
  comment: number;
  seed: number;
}

export const style: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom(2 as const, 4 as const),
  indentSeq: fc.boolean(),
  wideItems: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  flow: fc.constantFrom(0, 0.05, 0.3),
  quote: fc.constantFrom(0, 0.3, 0.8),
  comment: fc.constantFrom(0, 0.05, 0.2),
  seed: fc.integer(),
});


/** One YAML document for a value, in the style. Always reads back as the value. */
export function renderDocument(value: unknown, s: Style, salt = 0): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  const rnd = prng(s.seed ^ salt);
  let n = 0;
  visit(doc, {
    Node(key, node) {
      if (isCollection(node) && node.items.length > 0 && rnd() < s.flow) node.flow = true;
      if (isScalar(node) && typeof node.value === 'string') {
        const r = rnd();
        if (r < s.quote / 2) node.type = Scalar.QUOTE_SINGLE;
        else if (r < s.quote) node.type = Scalar.QUOTE_DOUBLE;
        else if (node.value.includes('\n') && rnd() < 0.7) node.type = Scalar.BLOCK_LITERAL;
      }
      // (yaml prints a comment on an empty collection as `key: # c` then `[]` on the next line
      // at the key's column, which is not YAML: no comments there.)
      // Nor on keys, for the same reason when the value is an empty collection.
      if ((isCollection(node) && node.items.length === 0) || key === 'key') return;
      if (rnd() < s.comment) node.comment = ` note ${n++}`;
      if (rnd() < s.comment / 2 && !isPair(node)) node.commentBefore = ` head ${n++}`;
    },
  });
  if (rnd() < s.comment) doc.commentBefore = ' document comment';
  return doc.toString({ indent: s.indent, indentSeq: s.indentSeq, lineWidth: 0 });
}

/** A ResourceList text: items (each a document in the style), then the functionConfig. */
export function renderList(items: readonly unknown[], fnConfig: unknown, s: Style): string {
  let out = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
  if (items.length === 0) out += 'items: []\n';
  else out += 'items:\n' + items.map((v, i) => indentLines(documentAsItem(renderDocument(v, s, i + 1)), s.wideItems ? 2 : 0)).join('');
  if (fnConfig !== undefined) out += 'functionConfig:\n' + indentLines(renderDocument(fnConfig, s, 0xf00d), 2);
  if (s.crlf) out = out.replace(/\n/g, '\r\n');
  return (s.bom ? '\ufeff' : '') + out;
}

export { isMap, isSeq };
