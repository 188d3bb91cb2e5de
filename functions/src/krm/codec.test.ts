/**
 * The ResourceList codec end to end: decode + encode, and runFunction for the managed configs.
 * Fixtures: test/fixtures/unit/kitchen-sink.yaml (no managed config; every YAML feature the codec
 * must copy through) and test/fixtures/unit/managed-resource-list.yaml (both prefill configs, as kpt
 * passes them, with comments and kpt/kustomize annotations).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { runFunction, type RunOutput } from '../pipeline';
import { decode, DecodeError } from './decode';
import { encode } from './encode';
import { ItemSyntaxError, parseItem } from './item';
import { info, type Result } from './results';
import type { Chunk } from './scan';

const FIXTURES = join(__dirname, '../../../test/fixtures/unit');
const KITCHEN_SINK = readFileSync(join(FIXTURES, 'kitchen-sink.yaml'), 'utf8');
const MANAGED = readFileSync(join(FIXTURES, 'managed-resource-list.yaml'), 'utf8');
/** The managed fixture without its functionConfig (the last entry), to try other configs. */
const MANAGED_ITEMS = MANAGED.slice(0, MANAGED.indexOf('functionConfig:\n'));

const CONFIG = (spec: string) => `functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata:\n    name: dev\n  spec:\n${spec}`;
// ifMissing: ignore — these tests are about the codec: no config is added from the embedded base.
const DEV_CONFIG = CONFIG('    overlay: dev\n    ifMissing: ignore\n');

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** Unchanged round trip through the codec: decode, then encode with no change and no results. */
function roundTrip(text: string): string {
  return encode(decode(text), { replaced: new Map(), added: [], results: [] });
}

/**
 * The `items:` entry of a ResourceList text: from its key line to the next column-0 key (or `...`).
 * Deliberately independent of scan.ts.
 */
function itemsSection(text: string): string {
  const lines = text.split(/(?<=\n)/);
  const start = lines.findIndex((l) => /^items:/.test(l));
  if (start < 0) throw new Error(`no items in:\n${text}`);
  let end = start + 1;
  while (end < lines.length && !/^([A-Za-z"']|\.\.\.)/.test(lines[end])) end++;
  return lines.slice(start, end).join('');
}

/** The output as data; fails the test if it is not one valid YAML document. */
function parsed(out: RunOutput | string): { apiVersion: string; kind: string; items: Record<string, any>[]; results?: Result[] } {
  const doc = parseDocument(typeof out === 'string' ? out : out.text, { uniqueKeys: true });
  expect(doc.errors).toEqual([]);
  return doc.toJS();
}

function errors(out: RunOutput): Result[] {
  return out.results.filter((r) => r.severity === 'error');
}

/** Lines removed from `a` and added in `b`, by longest common subsequence. */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (j < y.length && (i === x.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      added.push(y[j++]);
    } else {
      removed.push(x[i++]);
    }
  }
  return { removed, added };
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('decode + encode: what the function does not change is copied byte for byte', () => {
  test('the kitchen sink (flow maps, anchors, aliases, quoted keys, block scalars, multi-line scalars, comments, tabs, markers)', () => {
    expect(roundTrip(KITCHEN_SINK)).toBe(KITCHEN_SINK);
  });

  test('the kitchen sink with CRLF line endings', () => {
    const input = crlf(KITCHEN_SINK);
    const out = roundTrip(input);
    expect(out).toBe(input);
  });

  test.each([
    ['document markers around an empty list', '---\napiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n...\n'],
    ['an empty document start, comments, directive', '%YAML 1.2\n---\n# nothing yet\napiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [] # none\n# end\n...\n'],
    ['quoted top-level keys', `"apiVersion": "config.kubernetes.io/v1"\n'kind': 'ResourceList'\n"items":\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n`],
  ])('%s', (_title, input) => {
    expect(roundTrip(input)).toBe(input);
  });

  test('the managed fixture, when nothing is replaced', () => {
    expect(roundTrip(MANAGED)).toBe(MANAGED);
  });

  test('decode reads the functionConfig as plain data and splits the items', () => {
    const list = decode(KITCHEN_SINK);
    expect(list.apiVersion).toBe('config.kubernetes.io/v1');
    expect(list.items.map((i) => i.id)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'flow-meta', namespace: 'apps' },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'anchors' },
      { apiVersion: 'v1', kind: 'Secret', name: 'quoted-name', namespace: 'apps' },
    ]);
    expect(list.items.map((i) => i.chunk.line)).toEqual([10, 56, 83]);
    expect(list.functionConfig).toEqual({
      apiVersion: 'fn.llm-prefill.dev/v1alpha1',
      kind: 'PrefillOverlay',
      metadata: { name: 'dev' },
      spec: { overlay: 'dev', ifMissing: 'ignore', image: 'ghcr.io/llm-d/llm-d-cuda:v0.9.0' },
    });
  });

  test('results of an earlier function are dropped; this run writes its own after the other entries', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nresults:\n- message: old\n  severity: info\nfunctionConfig: {}\n';
    const out = encode(decode(input), { replaced: new Map(), added: [], results: [{ message: 'new: a value', severity: 'warning' }] });
    expect(out).toBe('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: {}\nresults:\n- message: "new: a value"\n  severity: warning\n');
  });

  test('results go before a document end marker', () => {
    const out = encode(decode('kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems: []\n...\n'), { replaced: new Map(), added: [], results: [{ message: 'm', severity: 'info' }] });
    expect(out).toBe('kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems: []\nresults:\n- message: m\n  severity: info\n...\n');
  });

  test('a replaced item takes exactly its chunk`s place; added items go at the end', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- kind: A # a\n  # tail of a\n- kind: B\n- kind: C\nfunctionConfig: {}\n';
    const out = encode(decode(input), { replaced: new Map([[1, '- kind: B2\n']]), added: ['- kind: D\n'], results: [] });
    expect(out).toBe('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- kind: A # a\n  # tail of a\n- kind: B2\n- kind: C\n- kind: D\nfunctionConfig: {}\n');
  });

  test('items added to an empty list replace `[]` by a block list', () => {
    const out = encode(decode('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n'), { replaced: new Map(), added: ['- kind: D\n'], results: [] });
    expect(out).toBe('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- kind: D\n');
  });

  test.each([
    ['items: []', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n'],
    ['items: ~', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: ~\n', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n'],
    ['no items key', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n'],
    ['items: with no entries', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\nfunctionConfig: {}\n', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: {}\n'],
  ])('an empty list (%s) is written as `items: []`', (_title, input, expected) => {
    expect(roundTrip(input)).toBe(expected);
  });
});

describe('runFunction without a managed config: items come out byte-identical', () => {
  const out = runFunction(KITCHEN_SINK);

  test('no error; an info result for each missing prefill config (ifMissing: ignore)', () => {
    expect(out.failed).toBe(false);
    expect(errors(out)).toEqual([]);
    expect(out.results.filter((r) => r.severity === 'info' && /not in the input/.test(r.message))).toHaveLength(2);
  });

  test('everything before the results is the input, byte for byte; the end marker stays last', () => {
    const end = KITCHEN_SINK.indexOf('... # document end');
    expect(out.text.startsWith(KITCHEN_SINK.slice(0, end))).toBe(true);
    expect(out.text.endsWith(KITCHEN_SINK.slice(end))).toBe(true);
    expect(itemsSection(out.text)).toBe(itemsSection(KITCHEN_SINK));
  });

  test('the output is one YAML document with the same items and the results', () => {
    const doc = parseDocument(out.text, { uniqueKeys: true, merge: true });
    expect(doc.errors).toEqual([]);
    const input = parseDocument(KITCHEN_SINK, { merge: true }).toJS();
    expect(doc.toJS().items).toEqual(input.items);
    expect(doc.toJS().results).toEqual(JSON.parse(JSON.stringify(out.results)));
  });

  test('CRLF input: CRLF output, items byte-identical', () => {
    const input = crlf(KITCHEN_SINK);
    const o = runFunction(input);
    expect(o.failed).toBe(false);
    expect(o.text).not.toMatch(/[^\r]\n/);
    expect(itemsSection(o.text)).toBe(itemsSection(input));
  });
});

describe('runFunction on the managed configs', () => {
  const out = runFunction(MANAGED);
  const output = parsed(out);
  const input = parsed(MANAGED);
  const [before, template, dataParallel, after] = output.items;

  test('succeeds: no error, one info result per changed config', () => {
    expect(out.failed).toBe(false);
    expect(errors(out)).toEqual([]);
    const refs = out.results.filter((r) => r.severity === 'info' && r.resourceRef).map((r) => r.resourceRef?.name);
    expect(refs).toEqual(['kserve-config-llm-prefill-template', 'kserve-config-llm-prefill-worker-data-parallel']);
  });

  test('the fields of the config are set: label, image and env of container main', () => {
    expect(template.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'kserve', 'llm-prefill.dev/overlay': 'dev' });
    const [main, sidecar] = template.spec.prefill.template.containers;
    expect(main.image).toBe('x:v2');
    expect(main.env).toEqual([
      { name: 'HOME', value: '/home' },
      { name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' },
      { name: 'NEW_VAR', value: 'enabled' },
    ]);
    expect(sidecar).toEqual(input.items[1].spec.prefill.template.containers[1]);
    expect(dataParallel.metadata.labels).toEqual({ 'llm-prefill.dev/overlay': 'dev' });
    for (const pod of [dataParallel.spec.prefill.template, dataParallel.spec.prefill.worker]) {
      expect(pod.containers[0].image).toBe('x:v2');
      // Added entries come in one order under every engine: by name (config/canonical-order.ts).
      expect(pod.containers[0].env.slice(-2)).toEqual([
        { name: 'NEW_VAR', value: 'enabled' },
        { name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' },
      ]);
    }
  });

  test('items that are not managed are untouched, and every item keeps its place', () => {
    expect(before).toEqual(input.items[0]);
    expect(after).toEqual(input.items[3]);
    expect(output.items.map((i) => i.metadata.name)).toEqual(input.items.map((i) => i.metadata.name));
    const unmanagedAfter = MANAGED_ITEMS.slice(MANAGED_ITEMS.indexOf('- apiVersion: apps/v1'));
    expect(out.text).toContain(MANAGED_ITEMS.slice(0, MANAGED_ITEMS.indexOf('# Head comment of the template config.')));
    expect(out.text).toContain(unmanagedAfter);
  });

  test('every annotation survives unchanged, kpt`s internal ones and kustomize`s id included', () => {
    expect(template.metadata.annotations).toEqual(input.items[1].metadata.annotations);
    expect(dataParallel.metadata.annotations).toEqual(input.items[2].metadata.annotations);
    expect(Object.keys(template.metadata.annotations)).toEqual([
      'example.com/owner',
      'config.kubernetes.io/index',
      'config.kubernetes.io/path',
      'internal.config.kubernetes.io/index',
      'internal.config.kubernetes.io/path',
      'internal.config.kubernetes.io/id',
      'internal.config.kubernetes.io/seqindent',
      'internal.config.kubernetes.io/package-path',
      'config.k8s.io/id',
      'kustomize.config.k8s.io/id',
    ]);
  });

  test('key order survives', () => {
    expect(Object.keys(template)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(template.metadata)).toEqual(['name', 'namespace', 'labels', 'annotations']);
    expect(Object.keys(template.spec.prefill.template.containers[0])).toEqual(['name', 'image', 'imagePullPolicy', 'command', 'env', 'livenessProbe']);
    expect(Object.keys(template.spec.prefill.template)).toEqual(['containers', 'volumes']);
  });

  test.each([
    '# Head comment of the template config.',
    '# line comment on apiVersion',
    '# line comment on namespace',
    '# existing label',
    '# comment inside annotations',
    '# comment in the containers list',
    '# pinned by KServe',
    '# a script comment, not a YAML comment',
    '# comment between env entries',
    "# KServe's default",
    '# foot comment of container main',
    '# foot comment of the template',
    '# the LeaderWorkerSet leader',
    '# the workers',
    '# not a prefill config',
    '# same name, not managed',
  ])('comment %j survives, once', (comment) => {
    expect(count(out.text, comment)).toBe(1);
  });

  test('line comments stay on their line; head and foot comments stay next to their node', () => {
    expect(out.text).toContain('# Head comment of the template config.\n- apiVersion: serving.kserve.io/v1alpha2 # line comment on apiVersion\n');
    expect(out.text).toContain('    namespace: kserve # line comment on namespace\n');
    expect(out.text).toContain('      app.kubernetes.io/part-of: kserve # existing label\n');
    expect(out.text).toMatch(/\n {12}image: x:v2 # pinned by KServe\n/);
    expect(out.text).toMatch(/\n {16}value: DEBUG # KServe's default\n/);
    expect(out.text).toMatch(/# foot comment of container main\n {10}- name: sidecar\n/);
    expect(out.text).toMatch(/# foot comment of the template\n- apiVersion: serving.kserve.io\/v1alpha2\n {2}kind: LLMInferenceServiceConfig\n {2}metadata:\n {4}name: kserve-config-llm-prefill-worker-data-parallel\n/);
    expect(out.text).toContain('      template: # the LeaderWorkerSet leader\n');
  });

  test('scalar styles of untouched fields survive: double-quoted, single-quoted, literal block, flow map', () => {
    for (const line of [
      '      example.com/owner: "platform-team"\n',
      "      config.kubernetes.io/index: '0'\n",
      "      internal.config.kubernetes.io/path: 'kserve/prefill-template.yaml'\n",
      '        serving.kserve.io/model-based-routing-enabled: "true"\n',
      "                scheme: '{{ if .GlobalConfig.EnableTLS }}HTTPS{{else}}HTTP{{- end }}'\n",
      '              - "--"\n',
      '            emptyDir: {medium: Memory, sizeLimit: 1Gi}\n',
      '            value: "30"\n',
    ]) {
      expect(out.text).toContain(line);
    }
    expect(out.text).toContain(
      '              - |-\n                # a script comment, not a YAML comment\n                echo "model {{ .Spec.Model.Name }}"\n                eval "exec vllm serve /mnt/models $@"\n',
    );
    expect(out.text).toContain(
      '      kustomize.config.k8s.io/id: |\n        group: serving.kserve.io\n        kind: LLMInferenceServiceConfig\n        name: kserve-config-llm-prefill-template\n        namespace: kserve\n        version: v1alpha2\n',
    );
  });

  test('changed scalars keep their quoting', () => {
    expect(out.text).toContain("          image: 'x:v2'\n");
    expect(out.text).toContain('          image: "x:v2"\n');
  });

  test('only the changed lines differ; new lines follow each list`s indentation style', () => {
    const diff = lineDiff(itemsSection(MANAGED), itemsSection(out.text));
    expect(diff.removed).toEqual([
      '            image: ghcr.io/llm-d/llm-d-cuda:v0.8.0 # pinned by KServe',
      "                value: INFO # KServe's default",
      "          image: 'ghcr.io/llm-d/llm-d-cuda:v0.8.0'",
      '          image: "ghcr.io/llm-d/llm-d-cuda:v0.8.0"',
    ]);
    expect(diff.added).toEqual([
      '      llm-prefill.dev/overlay: dev',
      '            image: x:v2 # pinned by KServe',
      "                value: DEBUG # KServe's default",
      // the template config's lists are wide (`- ` two columns right of the key)
      '              - name: NEW_VAR',
      '                value: enabled',
      '    labels:',
      '      llm-prefill.dev/overlay: dev',
      "          image: 'x:v2'",
      // the data-parallel config's lists are compact; new entries by name (config/canonical-order.ts)
      '          - name: NEW_VAR',
      '            value: enabled',
      '          - name: VLLM_LOGGING_LEVEL',
      '            value: DEBUG',
      '          image: "x:v2"',
      '          env:',
      '          - name: NEW_VAR',
      '            value: enabled',
      '          - name: VLLM_LOGGING_LEVEL',
      '            value: DEBUG',
    ]);
  });

  test('the functionConfig entry is copied as it came', () => {
    expect(out.text).toContain(MANAGED.slice(MANAGED.indexOf('functionConfig:\n')));
  });

  test('CRLF input: the same changes, CRLF throughout', () => {
    const o = runFunction(crlf(MANAGED));
    expect(o.failed).toBe(false);
    expect(o.text).not.toMatch(/[^\r]\n/);
    expect(o.text).toBe(crlf(out.text));
  });

  test('idempotent: a second run on its own output changes no item', () => {
    const second = runFunction(out.text);
    expect(second.failed).toBe(false);
    expect(itemsSection(second.text)).toBe(itemsSection(out.text));
    // The first run's results are replaced, not repeated: still one valid document.
    expect(parsed(second).results).toEqual(JSON.parse(JSON.stringify(second.results)));
    const third = runFunction(second.text);
    expect(itemsSection(third.text)).toBe(itemsSection(out.text));
  });

  test('idempotent with CRLF too', () => {
    const first = runFunction(crlf(MANAGED));
    expect(itemsSection(runFunction(first.text).text)).toBe(itemsSection(first.text));
  });

  // kubectl and the API server read YAML 1.1 (sigs.k8s.io/yaml): a plain `on`, `yes`, `off`, `no`
  // there is a boolean, and `env[].value: on` is rejected ("cannot unmarshal bool into ... string").
  // yaml/reprint.ts prints new text with the 1.1 schema, so such strings come out quoted.
  test('an env value that YAML 1.1 reads as a boolean ("on") is written quoted', () => {
    const o = runFunction(MANAGED_ITEMS + CONFIG('    overlay: dev\n    env:\n      NEW_VAR: "on"\n      OTHER: "yes"\n'));
    expect(o.failed).toBe(false);
    expect(o.text).not.toMatch(/value: on\s*\n/);
    expect(o.text).not.toMatch(/value: yes\s*\n/);
    expect(o.text).toMatch(/value: "on"\n/);
    expect(o.text).toMatch(/value: "yes"\n/);
  });
});

describe('runFunction: JSON input and config.kubernetes.io/v1beta1', () => {
  const data = parse(MANAGED);

  test.each([
    ['pretty', JSON.stringify(data, null, 2)],
    ['minified', JSON.stringify(data)],
  ])('%s JSON is accepted; the output is YAML with the same changes', (_title, json) => {
    const out = runFunction(json);
    expect(out.failed).toBe(false);
    expect(out.text).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\nitems:\n/);
    const output = parsed(out);
    const expected = parsed(runFunction(MANAGED));
    expect(output.items).toEqual(expected.items);
    // untouched strings that look like other types keep their type through the normalisation
    expect(output.items[1].spec.prefill.annotations['serving.kserve.io/model-based-routing-enabled']).toBe('true');
    expect(output.items[1].metadata.annotations['config.kubernetes.io/index']).toBe('0');
  });

  test('JSON scalars that would change type as plain YAML stay strings', () => {
    const list = {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { t: 'true', n: '123', e: '', c: 'a: b', nul: 'null', h: '#x', sp: ' lead', oct: '0o12', f: '1e3', ml: 'a\nb\n' } }],
      functionConfig: { apiVersion: 'fn.llm-prefill.dev/v1alpha1', kind: 'PrefillOverlay', metadata: { name: 'x' }, spec: { overlay: 'dev', ifMissing: 'ignore' } },
    };
    const out = runFunction(JSON.stringify(list));
    expect(out.failed).toBe(false);
    expect(parsed(out).items).toEqual(list.items);
  });

  test('v1beta1 is accepted and kept', () => {
    const out = runFunction(MANAGED.replace('apiVersion: config.kubernetes.io/v1\n', 'apiVersion: config.kubernetes.io/v1beta1\n'));
    expect(out.failed).toBe(false);
    expect(parsed(out).apiVersion).toBe('config.kubernetes.io/v1beta1');
    expect(parsed(out).items[1].spec.prefill.template.containers[0].image).toBe('x:v2');
  });

  test.each([
    ['YAML', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n${DEV_CONFIG}`],
    ['YAML, flow with a space', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [ ]\n${DEV_CONFIG}`],
    ['pretty JSON', JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], functionConfig: parse(DEV_CONFIG).functionConfig }, null, 2)],
    ['minified JSON', JSON.stringify({ apiVersion: 'config.kubernetes.io/v1beta1', kind: 'ResourceList', items: [], functionConfig: parse(DEV_CONFIG).functionConfig })],
    ['JSON without items', JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', functionConfig: parse(DEV_CONFIG).functionConfig })],
  ])('an empty list (%s) gives `items: []`', (_title, input) => {
    const out = runFunction(input);
    expect(out.failed).toBe(false);
    expect(out.text).toMatch(/^items: \[\]$/m);
    expect(parsed(out).items).toEqual([]);
  });

  test('flow-style YAML after `---` is normalised like JSON', () => {
    const out = runFunction(`--- {apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}], functionConfig: {apiVersion: fn.llm-prefill.dev/v1alpha1, kind: PrefillOverlay, metadata: {name: x}, spec: {overlay: dev, ifMissing: ignore}}}\n`);
    expect(out.failed).toBe(false);
    expect(parsed(out).items).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]);
  });
});

describe('runFunction: errors', () => {
  /** A failed run: an error result, failed, and a valid ResourceList on stdout. */
  function expectFailure(out: RunOutput, message: RegExp): ReturnType<typeof parsed> {
    expect(out.failed).toBe(true);
    expect(errors(out).length).toBeGreaterThan(0);
    expect(errors(out).some((r) => message.test(r.message))).toBe(true);
    const list = parsed(out);
    expect(list.apiVersion).toMatch(/^config\.kubernetes\.io\/v1(beta1)?$/);
    expect(list.kind).toBe('ResourceList');
    expect(list.results?.some((r) => r.severity === 'error')).toBe(true);
    return list;
  }

  // Input that is not a readable ResourceList has no items to give back: the output is an empty
  // ResourceList carrying the error (kpt writes nothing on failure and reads only the results).
  test.each([
    ['kind: List', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n', /kind: ResourceList.*List/],
    ['kind: Deployment', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec: {}\n', /kind: ResourceList.*Deployment/],
    ['no kind', 'apiVersion: config.kubernetes.io/v1\nitems: []\n', /kind: ResourceList/],
    ['an unsupported apiVersion', 'apiVersion: config.kubernetes.io/v2\nkind: ResourceList\nitems: []\n', /apiVersion.*config\.kubernetes\.io\/v2/],
    ['empty input', '', /no input/],
    ['blank input', '  \n\n', /no input/],
    ['JSON that is not a ResourceList', '{"apiVersion": "v1", "kind": "List", "items": []}', /ResourceList/],
    ['invalid JSON', '{"apiVersion": "config.kubernetes.io/v1", "kind": ', /./],
    ['two documents', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n---\napiVersion: v1\nkind: ConfigMap\n', /more than one YAML document/],
    ['a second document after `...`', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n...\n---\napiVersion: v1\nkind: ConfigMap\n', /more than one YAML document/],
    ['a duplicate items key', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- kind: A\nitems: []\n${DEV_CONFIG}`, /duplicate/],
    ['items that are a scalar', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: foo\n${DEV_CONFIG}`, /list/],
    ['items that are a mapping', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {}\n${DEV_CONFIG}`, /list/],
  ])('%s', (_title, input, message) => {
    const list = expectFailure(runFunction(input), message);
    expect(list.items).toEqual([]);
  });

  test('a decode error names the input line', () => {
    const out = runFunction('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - kind: A\n - kind: B\n');
    expect(out.failed).toBe(true);
    expect(errors(out)[0].message).toContain('line 5');
    expect(errors(out)[0].file).toEqual({ path: 'stdin' });
  });

  test('an item that cannot be parsed nor its identity scanned fails the run', () => {
    const out = runFunction(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: A\n  metadata:\n    name: "unterminated\n${DEV_CONFIG}`);
    expect(out.failed).toBe(true);
    expect(errors(out)[0].message).toMatch(/line [4-7]/);
  });

  /** A failed run that gives every item back exactly as it came. */
  function expectItemsUnchanged(input: string): RunOutput {
    const out = runFunction(input);
    expect(out.failed).toBe(true);
    expect(errors(out).length).toBeGreaterThan(0);
    expect(itemsSection(out.text)).toBe(itemsSection(input));
    expect(out.text).not.toContain('llm-prefill.dev/overlay: dev');
    // (the output may hold the input's invalid YAML: the items go back as they came)
    expect(out.text).toMatch(/^kind: ResourceList\n/m);
    expect(out.text).toMatch(/^results:\n- message: .*\n  severity: error\n/m);
    return out;
  }

  test('invalid YAML (a duplicate key) in a managed config: error on that config, no item changed', () => {
    const broken = MANAGED.replace('            imagePullPolicy: IfNotPresent\n', '            imagePullPolicy: IfNotPresent\n            imagePullPolicy: Always\n');
    const line = broken.split('\n').indexOf('            imagePullPolicy: Always') + 1;
    const out = expectItemsUnchanged(broken);
    const [err] = errors(out);
    expect(err.resourceRef).toEqual({
      apiVersion: 'serving.kserve.io/v1alpha2',
      kind: 'LLMInferenceServiceConfig',
      name: 'kserve-config-llm-prefill-template',
      namespace: 'kserve',
    });
    expect(err.message).toContain(`line ${line}`);
  });

  test('invalid YAML (bad indentation) in a managed config: error, no item changed', () => {
    const broken = MANAGED.replace('                path: /health\n', '                path: /health\n               port: 8000\n');
    const out = expectItemsUnchanged(broken);
    expect(errors(out)[0].resourceRef?.name).toBe('kserve-config-llm-prefill-template');
  });

  test('duplicate managed configs: error naming the duplicate, no item changed', () => {
    const template = MANAGED_ITEMS.slice(MANAGED_ITEMS.indexOf('# Head comment of the template config.'), MANAGED_ITEMS.indexOf('- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceServiceConfig\n  metadata:\n    name: kserve-config-llm-prefill-worker-data-parallel'));
    const input = MANAGED_ITEMS + template + DEV_CONFIG;
    const out = expectItemsUnchanged(input);
    expect(errors(out)).toHaveLength(1);
    expect(errors(out)[0].resourceRef?.name).toBe('kserve-config-llm-prefill-template');
  });

  test('an invalid functionConfig: error on the functionConfig, no item changed', () => {
    const out = expectItemsUnchanged(MANAGED_ITEMS + CONFIG('    overlay: dev\n    imag: x:v2\n'));
    expect(errors(out)[0].field?.path).toBe('spec.imag');
    expect(errors(out)[0].resourceRef).toEqual({ apiVersion: 'fn.llm-prefill.dev/v1alpha1', kind: 'PrefillOverlay', name: 'dev' });
  });

  test('no functionConfig: error, no item changed', () => {
    expectItemsUnchanged(MANAGED_ITEMS);
  });

  test('decode errors are DecodeErrors with the line', () => {
    let caught: unknown;
    try {
      decode('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- a: 1\n\nnot a key\n');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DecodeError);
    expect((caught as DecodeError).line).toBe(6);
  });
});

describe('parseItem: syntax errors name the line of the whole input', () => {
  const chunk = (text: string): Chunk => ({ text, indent: 2, line: 10 });

  test.each([
    ['a duplicate key on the third line', '  - kind: A\n    data: x\n    kind: B\n', 12],
    ['bad indentation on the fourth line', '  - kind: A\n    metadata:\n      name: x\n     bad: y\n', 13],
    ['a missing quote at the end: the last line', '  - kind: A\n    name: "x\n', 11],
  ])('%s', (_title, text, line) => {
    let caught: unknown;
    try {
      parseItem(chunk(text));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ItemSyntaxError);
    expect((caught as ItemSyntaxError).line).toBe(line);
  });

  test('an item that is not a mapping', () => {
    expect(() => parseItem(chunk('  - just a string\n'))).toThrow(ItemSyntaxError);
  });
});

describe('decode: valid YAML the scanner must accept', () => {
  test('a line holding only a tab between items', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: A\n  metadata: {name: a}\n\t\n- apiVersion: v1\n  kind: B\n  metadata: {name: b}\n${DEV_CONFIG}`;
    const out = runFunction(input);
    expect(out.failed).toBe(false);
    expect(itemsSection(out.text)).toBe(itemsSection(input));
  });

  test('an item whose name is an alias gets the aliased name', () => {
    const list = decode('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: &k Secret\n  metadata:\n    name: *k\n');
    expect(list.items[0].id).toMatchObject({ apiVersion: 'v1', kind: 'Secret', name: 'Secret' });
  });

  test('a BOM is ignored', () => {
    expect(decode(`\ufeff${MANAGED}`).items).toHaveLength(4);
  });
});

describe('encode: results', () => {
  test('results that share objects are written without anchors or aliases (kpt rejects them)', () => {
    const list = decode('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' };
    const text = encode(list, { replaced: new Map(), added: [], results: [info('a', { resourceRef: ref }), info('b', { resourceRef: ref })] });
    expect(text).not.toMatch(/[&*]a1/);
    expect(parse(text).results[1].resourceRef).toEqual(ref);
  });
});
