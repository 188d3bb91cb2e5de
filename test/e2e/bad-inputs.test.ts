/**
 * The catalog of bad inputs (issue 6), each run through the BUILT executable with the input on
 * stdin. Every case states its exit code and the error it must report; for every case:
 *
 * - exit 0 or 1, never a crash;
 * - stdout is a ResourceList (parsed), carrying an error result that matches when the exit is 1;
 * - no stack trace on stderr (LLM_PREFILL_FN_DEBUG=1 asks for one: tested at the end);
 * - `items`: `empty` when the input could not be read as a ResourceList at all (kpt writes
 *   nothing on failure and reads only the results), `unchanged` when every item must come back
 *   byte for byte.
 *
 * Policy decisions the catalog pins (README "Bad input and limits"): items without apiVersion,
 * kind or metadata.name are errors (kpt refuses them too), except kustomization files; duplicate
 * items are errors (kustomize refuses them) except client-side ones (Kptfile, local-config); items
 * the function does not read are copied as text, so an alias bomb or deep nesting in them is not
 * expanded and not an error; a BOM and CRLF work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { decode } from '../../functions/src/krm/decode';
import { runBin, type Run } from '../support/run-bin';
import { requireBuild, ROOT } from '../support/tools';

const MiB = 1024 * 1024;

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/unit/managed-resource-list.yaml'), 'utf8');
/** The fixture's items: two unmanaged ConfigMaps/Deployments and both managed configs. */
const ITEMS = FIXTURE.slice(FIXTURE.indexOf('items:\n'), FIXTURE.indexOf('functionConfig:\n'));
const config = (spec: string, kind = 'PrefillOverlay', apiVersion = 'fn.llm-prefill.dev/v1alpha1') =>
  `functionConfig:\n  apiVersion: ${apiVersion}\n  kind: ${kind}\n  metadata:\n    name: dev\n  spec:\n    overlay: dev\n${spec}`;
const DEV = config('');
const cm = (name: string, extra = '', apiVersion = 'v1') => `- apiVersion: ${apiVersion}\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n${extra}`;
/** The fixture with `lines` added to the template config's metadata (2-space items, 4-space keys). */
const intoTemplate = (lines: string, cfg = DEV) => {
  const at = '    name: kserve-config-llm-prefill-template\n';
  return HEAD + ITEMS.replace(at, at + lines) + cfg;
};
/** The fixture plus one unmanaged ConfigMap with `data` lines. */
const withUnmanaged = (data: string, cfg = DEV) => HEAD + ITEMS + cm('extra', `  data:\n${data}`) + cfg;

/** Billion laughs: 9 levels of 10 aliases each (10^9 strings if expanded). */
const bomb = (indent: string) => {
  let s = `${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
  for (let i = 1; i < 10; i++) s += `${indent}l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]\n`;
  return s;
};
const nestedSeqs = (n: number) => '['.repeat(n) + ']'.repeat(n);
const nestedMaps = (n: number) => '{a: '.repeat(n) + '1' + '}'.repeat(n);

/** Seeded random bytes (mulberry32), NUL bytes included. */
function garbage(size: number, seed: number): Buffer {
  let a = seed;
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    b[i] = (t ^ (t >>> 14)) & 0xff;
  }
  b[3] = 0;
  return b;
}

interface Case {
  name: string;
  input: () => string | Buffer;
  exit: 0 | 1;
  /** An error result must match (exit 1), or no error result may exist (exit 0). */
  message?: RegExp;
  items?: 'empty' | 'unchanged';  // (with exit 0, every item but the managed ones is unchanged)
  /**
   * The output holds the input's items as they came, which are not YAML the test's parser reads
   * (deep nesting, a duplicate key): only the ResourceList around them is checked.
   */
  rawItems?: true;
  /** More checks on the output. */
  check?: (out: Run, list: ResourceListOut) => void;
}

interface ResourceListOut {
  kind: string;
  items: Record<string, any>[];
  results: { message: string; severity: string; resourceRef?: { name: string }; field?: { path: string }; file?: { path: string; index?: number } }[];
}

const CASES: Case[] = [
  // --- not a ResourceList -------------------------------------------------------------------
  { name: 'invalid YAML: an unclosed flow sequence', input: () => HEAD + 'items: [a, b\n', exit: 1, message: /^input line \d+: /, items: 'empty' },
  { name: 'invalid YAML inside an item', input: () => HEAD + 'items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: [\n' + DEV, exit: 1, message: /^input line [4-7]: /, items: 'empty' },
  { name: 'invalid YAML in an item whose first lines name no resource', input: () => HEAD + ITEMS + '- a: [\n' + DEV, exit: 1, message: /^input line \d+: /, items: 'empty' },
  { name: 'empty stdin', input: () => '', exit: 1, message: /no input: expected a ResourceList/, items: 'empty' },
  { name: 'only blank lines and comments', input: () => '\n\n# nothing\n', exit: 1, message: /kind: ResourceList/, items: 'empty' },
  { name: 'a document that is not a ResourceList (a Deployment)', input: () => 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n', exit: 1, message: /input line 2: expected kind: ResourceList, got kind: Deployment/, items: 'empty' },
  { name: 'a YAML list instead of a mapping', input: () => '- apiVersion: v1\n  kind: ConfigMap\n', exit: 1, message: /expected a ResourceList mapping/, items: 'empty' },
  { name: 'items: a scalar', input: () => HEAD + 'items: 42\n' + DEV, exit: 1, message: /items must be a list/, items: 'empty' },
  { name: 'items: a mapping', input: () => HEAD + 'items:\n  a: 1\n' + DEV, exit: 1, message: /items must be a list/, items: 'empty' },
  { name: 'an item that is a string', input: () => HEAD + 'items:\n- just text\n' + DEV, exit: 1, message: /must be a mapping/, items: 'empty' },

  // --- items that are not KRM resources, duplicates ------------------------------------------
  { name: 'an item without apiVersion', input: () => HEAD + ITEMS + '- kind: ConfigMap\n  metadata:\n    name: x\n' + DEV, exit: 1, message: /^item 4 \(input line \d+\) has no apiVersion: every resource needs apiVersion, kind and metadata\.name$/, items: 'unchanged' },
  { name: 'an item without kind', input: () => HEAD + ITEMS + '- apiVersion: v1\n  metadata:\n    name: x\n' + DEV, exit: 1, message: /^item 4 \(input line \d+\) has no kind/, items: 'unchanged' },
  {
    name: 'an item without metadata.name, from a kpt file',
    input: () => HEAD + ITEMS + "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    annotations:\n      internal.config.kubernetes.io/path: 'apps/cm.yaml'\n      internal.config.kubernetes.io/index: '1'\n" + DEV,
    exit: 1,
    message: /^item 4 \(input line \d+\) has no metadata\.name/,
    items: 'unchanged',
    check: (_out, list) => expect(list.results.find((r) => r.severity === 'error')?.file).toEqual({ path: 'apps/cm.yaml', index: 1 }),
  },
  { name: 'an item with none of them (an empty mapping)', input: () => HEAD + ITEMS + '- {}\n' + DEV, exit: 1, message: /has no apiVersion, kind or metadata\.name/, items: 'unchanged' },
  { name: 'a kustomization file without a name (kpt passes those): accepted', input: () => HEAD + ITEMS + '- apiVersion: kustomize.config.k8s.io/v1beta1\n  kind: Kustomization\n  resources: [a.yaml]\n' + DEV, exit: 0 },
  { name: 'duplicate items', input: () => HEAD + ITEMS + cm('dup') + cm('dup') + DEV, exit: 1, message: /^duplicate resource ConfigMap\/dup: item 4 \(input line \d+\) and item 5 \(input line \d+\) have the same API group, kind, namespace and name/, items: 'unchanged' },
  { name: 'duplicates that differ only in version', input: () => HEAD + 'items:\n' + cm('d', '', 'apps/v1').replace('ConfigMap', 'Deployment') + cm('d', '', 'apps/v1beta1').replace('ConfigMap', 'Deployment') + DEV, exit: 1, message: /duplicate resource Deployment\/d/, items: 'unchanged' },
  { name: 'duplicates: no namespace and namespace default', input: () => HEAD + 'items:\n' + cm('d') + cm('d', '').replace('    name: d\n', '    name: d\n    namespace: default\n') + DEV, exit: 1, message: /duplicate resource ConfigMap\/default\/d/, items: 'unchanged' },
  { name: 'same name, other kind or namespace: not duplicates', input: () => HEAD + 'items:\n' + cm('d') + cm('d').replace('ConfigMap', 'Secret') + cm('d').replace('    name: d\n', '    name: d\n    namespace: other\n') + DEV.replace('overlay: dev\n', 'overlay: dev\n    ifMissing: ignore\n'), exit: 0 },
  {
    name: 'duplicate local-config items (one setters ConfigMap per kpt subpackage): accepted',
    input: () => {
      const setters = cm('setters', '    annotations:\n      config.kubernetes.io/local-config: "true"\n');
      return HEAD + ITEMS + setters + setters + DEV;
    },
    exit: 0,
  },

  // --- alias bombs ------------------------------------------------------------------------------
  { name: 'an alias bomb in a managed config', input: () => intoTemplate('    xbomb:\n' + bomb('      ')), exit: 1, message: /^input line \d+: too many alias uses \(100 or more: an alias bomb\?\)$/, items: 'unchanged' },
  { name: 'an alias bomb in the functionConfig', input: () => HEAD + ITEMS + DEV + '    labels:\n' + bomb('      '), exit: 1, message: /functionConfig: too many alias uses/, items: 'empty' },
  { name: 'an alias bomb in an unmanaged item: copied as text, never expanded', input: () => withUnmanaged(bomb('    ')), exit: 0, check: (out) => expect(out.stdout.length).toBeLessThan(2 * withUnmanaged(bomb('    ')).length) },

  // --- deep nesting -----------------------------------------------------------------------------
  { name: '10,000 nested flow sequences in a managed config', input: () => intoTemplate(`    xdeep: ${nestedSeqs(10000)}\n`), exit: 1, message: /^input line \d+: nested deeper than 512 levels/, items: 'unchanged', rawItems: true },
  { name: '10,000 nested flow mappings in the functionConfig', input: () => HEAD + ITEMS + DEV + `    labels: ${nestedMaps(10000)}\n`, exit: 1, message: /functionConfig: nested deeper than 512 levels/, items: 'empty' },
  {
    name: '3,000 nested block mappings in a managed config',
    input: () => intoTemplate('    xdeep:\n' + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(6 + i)}k:\n`).join('') + `${' '.repeat(3006)}v\n`),
    exit: 1,
    message: /nested deeper than 512 levels/,
    items: 'unchanged',
    rawItems: true,
  },
  { name: '10,000 nested sequences in JSON input (parsed whole)', input: () => JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [] }).replace('[]', `[${nestedSeqs(10000)}]`), exit: 1, message: /nested deeper than 512 levels/, items: 'empty' },
  { name: '10,000 nested sequences in an unmanaged item: copied as text', input: () => withUnmanaged(`    deep: "${nestedSeqs(10000)}"\n    deeper: ${nestedSeqs(10000)}\n`), exit: 0, rawItems: true },
  { name: 'nesting at the limit (512 levels in a managed config) works', input: () => intoTemplate(`    xdeep: ${nestedSeqs(510)}\n`), exit: 0 },

  // --- large scalars and inputs -----------------------------------------------------------------
  { name: 'a 20 MB scalar in an unmanaged item: copied as text', input: () => withUnmanaged(`    big: "${'x'.repeat(20 * MiB)}"\n`), exit: 0 },
  { name: 'a 20 MB scalar in a managed config: over the parse limit', input: () => intoTemplate(`    xbig: "${'x'.repeat(20 * MiB)}"\n`), exit: 1, message: /the item is 20\.0 MiB: larger than the 16 MiB the function parses/, items: 'unchanged' },
  { name: 'a 1 MB scalar in a managed config works', input: () => intoTemplate(`    xbig: "${'x'.repeat(MiB)}"\n`), exit: 0 },
  { name: 'a 20 MB scalar in the functionConfig', input: () => HEAD + ITEMS + DEV + `    image: "${'x'.repeat(20 * MiB)}"\n`, exit: 1, message: /functionConfig is 20\.0 MiB: larger than the 16 MiB/, items: 'empty' },
  { name: 'input over 256 MiB', input: () => Buffer.alloc(256 * MiB + 1, 0x20), exit: 1, message: /^the input is 256\.0 MiB: larger than the function's limit of 256 MiB$/, items: 'empty' },

  // --- encodings, binary, control characters, tabs -----------------------------------------------
  { name: 'binary garbage (random bytes with NUL)', input: () => garbage(4096, 6), exit: 1, message: /not valid UTF-8 at byte \d+|control character/, items: 'empty' },
  { name: 'a NUL byte inside an item (valid UTF-8)', input: () => withUnmanaged('    v: "a\u0000b"\n'), exit: 1, message: /^input line \d+: control character U\+0000 is not allowed in YAML/, items: 'empty' },
  { name: 'invalid UTF-8 (a Latin-1 é)', input: () => Buffer.concat([Buffer.from(HEAD + ITEMS + cm('caf', '  data:\n    v: caf')), Buffer.from([0xe9]), Buffer.from('\n' + DEV)]), exit: 1, message: /^input line \d+: not valid UTF-8 at byte \d+/, items: 'empty' },
  { name: 'UTF-16 input', input: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD + 'items: []\n' + DEV, 'utf16le')]), exit: 1, message: /UTF-16\? convert it to UTF-8/, items: 'empty' },
  { name: 'tabs for indentation at the top level', input: () => HEAD + 'items:\n- apiVersion: v1\n\tkind: ConfigMap\n' + DEV, exit: 1, message: /input line 5: .*indented with a tab: YAML indents with spaces only/, items: 'empty' },
  // (the tab stops the identity scan, so the item is parsed to read it: a decode error)
  { name: 'tabs for indentation in a managed config', input: () => intoTemplate('    labels2:\n    \tk: v\n'), exit: 1, message: /^input line \d+: Tabs are not allowed as indentation \(it is indented with a tab: YAML indents with spaces only\)$/, items: 'empty' },
  { name: 'tabs for indentation deep in a managed config', input: () => intoTemplate('    labels2:\n      k:\n      \tv: w\n'), exit: 1, message: /^input line \d+: Tabs are not allowed as indentation$/, items: 'unchanged', rawItems: true },
  { name: 'classic Mac line endings (CR only)', input: () => FIXTURE.replace(/\n/g, '\r'), exit: 1, message: /^input line 1: a carriage return without a line feed: use LF or CRLF line endings$/, items: 'empty' },
  { name: 'a UTF-8 BOM: works', input: () => '\ufeff' + FIXTURE, exit: 0, check: (out) => expect(decode(out.stdout).items.map((i) => i.id.name)).toEqual(decode(FIXTURE).items.map((i) => i.id.name)) },
  { name: 'CRLF line endings: work', input: () => FIXTURE.replace(/\n/g, '\r\n'), exit: 0, check: (out) => expect(out.stdout).not.toMatch(/[^\r]\n/) },

  // --- functionConfig -------------------------------------------------------------------------------
  { name: 'no functionConfig', input: () => HEAD + ITEMS, exit: 1, message: /^no functionConfig/, items: 'unchanged' },
  { name: 'a functionConfig of another kind', input: () => HEAD + ITEMS + config('', 'Secret', 'v1'), exit: 1, message: /functionConfig kind "Secret" is not supported: expected PrefillOverlay/, items: 'unchanged' },
  { name: 'a functionConfig that is a list', input: () => HEAD + ITEMS + 'functionConfig: [a, b]\n', exit: 1, message: /functionConfig must be a mapping/, items: 'unchanged' },
  {
    name: 'a misspelled field: did you mean',
    input: () => HEAD + ITEMS + config('    imgae: x:v2\n'),
    exit: 1,
    message: /^unknown field "imgae" \(did you mean "image"\?\)$/,
    items: 'unchanged',
    check: (_out, list) => expect(list.results.find((r) => r.severity === 'error')?.field?.path).toBe('spec.imgae'),
  },
  { name: 'a misspelled flat key (ConfigMap form): did you mean', input: () => HEAD + ITEMS + 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: function-input\n  data:\n    overlay: dev\n    imgae: x:v2\n', exit: 1, message: /unknown key "imgae" \(did you mean "image"\?\)/, items: 'unchanged' },
  { name: 'a wrong type (replicas: "two")', input: () => HEAD + ITEMS + config('    replicas: two\n'), exit: 1, message: /^must be an integer$/, items: 'unchanged' },
  { name: 'a wrong type (env as a list)', input: () => HEAD + ITEMS + config('    env: [A, B]\n'), exit: 1, message: /must be an object/, items: 'unchanged' },
  { name: 'a wrong type (spec a string)', input: () => HEAD + ITEMS + 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata:\n    name: dev\n  spec: prod\n', exit: 1, message: /must be an object/, items: 'unchanged' },
  { name: '__proto__ as a field of the spec', input: () => HEAD + ITEMS + config('    __proto__: {polluted: yes}\n'), exit: 1, message: /unknown field "__proto__"/, items: 'unchanged' },
  { name: 'constructor.prototype as a field of the spec', input: () => HEAD + ITEMS + config('    constructor: {prototype: {polluted: yes}}\n'), exit: 1, message: /unknown field "constructor"/, items: 'unchanged' },
  {
    name: '__proto__, constructor, prototype as env names: data, set like any other',
    input: () => HEAD + ITEMS + config('    env:\n      __proto__: a\n      constructor: b\n      prototype: c\n'),
    exit: 0,
    check: (_out, list) => {
      const env = list.items[1].spec.prefill.template.containers[0].env as { name: string; value: string }[];
      expect(env.filter((e) => ['__proto__', 'constructor', 'prototype'].includes(e.name))).toEqual([
        { name: '__proto__', value: 'a' },
        { name: 'constructor', value: 'b' },
        { name: 'prototype', value: 'c' },
      ]);
    },
  },
  {
    name: '__proto__ keys in items (managed and unmanaged) are data',
    input: () => intoTemplate('    annotations2:\n      __proto__: {polluted: yes}\n', cm('p', '  data:\n    __proto__: x\n    constructor: y\n') + DEV),
    exit: 0,
    check: (_out, list) => {
      expect(Object.getOwnPropertyDescriptor(list.items[1].metadata.annotations2, '__proto__')?.value).toEqual({ polluted: 'yes' });
      expect(Object.keys(list.items[4].data)).toEqual(['__proto__', 'constructor']);
    },
  },
  { name: 'contradictory settings: env VLLM_ADDITIONAL_ARGS and vllmArgs', input: () => HEAD + ITEMS + config('    vllmArgs: [--x]\n    env: {VLLM_ADDITIONAL_ARGS: --y}\n'), exit: 1, message: /^conflicts with spec\.vllmArgs, which sets VLLM_ADDITIONAL_ARGS: keep one of them$/, items: 'unchanged' },
  { name: 'contradictory settings: RoCE disabled with a GID index', input: () => HEAD + ITEMS + config('    roce: {enabled: false, gidIndex: 3}\n'), exit: 1, message: /has no effect with roce\.enabled: false/, items: 'unchanged' },

  // --- issue 12: aliases, edits that would not take effect, YAML 1.1, item boundaries ------------------
  { name: 'an undefined alias in a managed config', input: () => intoTemplate('    x-ref: *nowhere\n'), exit: 1, message: /^input line \d+: alias \*nowhere refers to no anchor &nowhere defined before it$/, items: 'unchanged', rawItems: true },
  { name: 'an undefined alias in the functionConfig', input: () => HEAD + ITEMS + config('    image: *nowhere\n'), exit: 1, message: /^input line \d+: functionConfig: alias \*nowhere refers to no anchor/, items: 'empty' },
  { name: 'an undefined alias in an unmanaged item: copied as text', input: () => withUnmanaged('    v: *nowhere\n'), exit: 0, rawItems: true },
  { name: 'an undefined alias in the flow metadata of an unmanaged item', input: () => HEAD + ITEMS + '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: *nowhere}\n' + DEV, exit: 1, message: /^input line \d+: alias \*nowhere refers to no anchor/, items: 'empty' },
  {
    name: 'env: *alias in container main: the overlay entry is merged into what the alias stands for',
    input: () => HEAD + ITEMS.replace('          env:\n          - name: DP_ADDRESS', '          env: &leader-env\n          - name: DP_ADDRESS').replace('          image: "ghcr.io/llm-d/llm-d-cuda:v0.8.0"\n', '          image: "ghcr.io/llm-d/llm-d-cuda:v0.8.0"\n          env: *leader-env\n') + config('    env: {B: "2"}\n'),
    exit: 0,
    check: (_out, list) => {
      const env = (pod: string) => list.items[2].spec.prefill[pod].containers[0].env;
      expect(env('worker')).toEqual([{ name: 'DP_ADDRESS_RESOLVE_ATTEMPTS', value: '30' }, { name: 'B', value: '2' }]);
      expect(env('template')).toEqual(env('worker'));
    },
  },
  { name: 'a merge key in a managed config', input: () => intoTemplate('    x-merged: {<<: {a: b}}\n'), exit: 1, message: /a YAML merge key \(<<\)/, items: 'unchanged' },
  { name: 'a pod spec that is null while the overlay sets pod fields', input: () => HEAD + ITEMS.replace('      worker: # the workers\n        containers:\n        - name: main\n          image: "ghcr.io/llm-d/llm-d-cuda:v0.8.0"\n', '      worker: null\n') + config('    image: x:v2\n'), exit: 1, message: /^input line \d+: spec\.prefill\.worker is null, not a pod spec/, items: 'unchanged' },
  { name: 'a second container main', input: () => HEAD + ITEMS.replace('          image: "ghcr.io/llm-d/llm-d-cuda:v0.8.0"\n', '          image: "ghcr.io/llm-d/llm-d-cuda:v0.8.0"\n        - name: main\n          image: other:v1\n') + config('    image: x:v2\n'), exit: 1, message: /spec\.prefill\.worker has 2 containers named main/, items: 'unchanged' },
  {
    name: 'an env name twice in container main: the last one (the one Kubernetes uses) is set',
    input: () => HEAD + ITEMS.replace("                value: INFO # KServe's default\n", "                value: INFO # KServe's default\n              - name: VLLM_LOGGING_LEVEL\n                value: ERROR\n") + config('    env: {VLLM_LOGGING_LEVEL: DEBUG}\n'),
    exit: 0,
    check: (_out, list) => expect(list.items[1].spec.prefill.template.containers[0].env.filter((e: { name: string }) => e.name === 'VLLM_LOGGING_LEVEL').map((e: { value: string }) => e.value)).toEqual(['INFO', 'DEBUG']),
  },
  {
    name: 'a quoted string that runs into the next item',
    input: () => HEAD + 'items:\n' + cm('opens', '  data:\n    x: "start\n') + ITEMS.slice('items:\n'.length) + cm('closes', '  data:\n    y: end"\n') + DEV,
    exit: 1,
    message: /^input line 4: a quoted string in this item has no closing quote before the next item/,
    items: 'empty',
  },
  { name: 'an unknown tag in the functionConfig', input: () => HEAD + ITEMS + config('    image: !foo x:v2\n'), exit: 1, message: /^input line \d+: functionConfig: Unresolved tag: !foo \(write the value without a tag\)$/, items: 'empty' },
  { name: '!!omap in the functionConfig', input: () => HEAD + ITEMS + config('    env: !!omap [{A: "1"}]\n'), exit: 1, message: /is a YAML !!omap/, items: 'unchanged' },
  { name: 'a GPU count beyond int32', input: () => HEAD + ITEMS + config('    resources: {gpus: 2147483648}\n'), exit: 1, message: /must be <= 2147483647/, items: 'unchanged' },
  {
    name: 'yes in a managed config: a warning that explains YAML 1.1 and 1.2',
    input: () => intoTemplate('    x-flag: yes\n'),
    exit: 0,
    check: (_out, list) => expect(list.results.find((r) => /YAML 1\.1/.test(r.message))).toMatchObject({ severity: 'warning', field: { path: 'metadata.x-flag' } }),
  },

  // --- regressions found by this work ----------------------------------------------------------------
  {
    name: 'an LLMInferenceService with invalid YAML (no parallelism set): an error on it, not an internal error',
    input: () => HEAD + ITEMS + '- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceService\n  metadata:\n    name: svc\n  spec:\n    model: {uri: a}\n    model: {uri: b}\n' + DEV,
    exit: 1,
    message: /^input line \d+: Map keys must be unique$/,
    items: 'unchanged',
    rawItems: true,
    check: (_out, list) => expect(list.results.find((r) => r.severity === 'error')?.resourceRef?.name).toBe('svc'),
  },
  {
    name: 'a Go template nested 5,000 levels deep in a managed config: an error on it, not an internal error',
    input: () => intoTemplate(`    annotations2:\n      x: "{{ ${'('.repeat(5000)}1${')'.repeat(5000)} }}"\n`),
    exit: 1,
    message: /a Go template in this config nests too deeply to check/,
    items: 'unchanged',
  },
];

/**
 * The output as a ResourceList: the line scanner reads it (kind, apiVersion, items) and its
 * results parse; when `full` and it is not huge, it is also one valid YAML document as a whole.
 */
function readOutput(stdout: string, full: boolean): ResourceListOut {
  const decoded = decode(stdout);
  const results = decoded.source.entries.find((e) => e.key === 'results');
  const list: ResourceListOut = { kind: 'ResourceList', items: [], results: results ? (parse(results.text) as { results: ResourceListOut['results'] }).results : [] };
  if (full && stdout.length < 4 * MiB) {
    const doc = parseDocument(stdout, { uniqueKeys: true });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    const value = doc.toJS({ maxAliasCount: -1 }) as ResourceListOut;
    expect(value.kind).toBe('ResourceList');
    expect(value.results).toEqual(list.results);
    return value;
  }
  return list;
}

beforeAll(requireBuild);

describe('bad inputs through the built function', () => {
  test.concurrent.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const input = c.input();
    const out = await runBin(input);
    expect(out.signal).toBeNull();
    expect(out.stderr).not.toMatch(/\n\s+at /);
    expect({ status: out.status, stderr: out.stderr }).toMatchObject({ status: c.exit });
    const list = readOutput(out.stdout, !c.rawItems);
    const errors = list.results.filter((r) => r.severity === 'error');
    if (c.exit === 1) {
      expect(errors.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(c.message ?? /./)]));
      // kustomize ignores results: the error is on stderr too.
      expect(out.stderr).toContain('llm-prefill-fn: [error] ');
      expect(out.stderr.trim().split('\n').pop()).toMatch(/^llm-prefill-fn: FAILED: \d+ error\(s\); first: /);
    } else {
      expect(errors).toEqual([]);
    }
    if (c.items === 'empty') expect(list.items).toEqual([]);
    const text = () => (typeof input === 'string' ? input : input.toString('utf8'));
    if (c.items === 'unchanged') expect(decode(out.stdout).items.map((i) => i.chunk.text)).toEqual(decode(text()).items.map((i) => i.chunk.text));
    if (c.exit === 0) {
      // Items the function does not manage come out byte for byte.
      const after = decode(out.stdout).items;
      for (const item of decode(text()).items) {
        if (!/^LLMInferenceService/.test(item.id.kind ?? '')) expect(after[item.index].chunk.text).toBe(item.chunk.text);
      }
    }
    c.check?.(out, list);
  });
});

describe('LLM_PREFILL_FN_DEBUG', () => {
  // A failing read of stdin (EIO) is the one unexpected error the built KRM mode can meet that
  // no input triggers: test/support/stdin-fails.cjs, preloaded, makes stdin fail.
  const preload = ['-r', join(ROOT, 'test/support/stdin-fails.cjs')];

  test('an unexpected error: exit 1, a ResourceList with the error, no stack trace', async () => {
    const out = await runBin('', {}, preload);
    expect(out.status).toBe(1);
    expect(parseDocument(out.stdout).toJS().results[0].message).toBe('cannot read stdin: EIO: i/o error, read');
    expect(out.stderr).toBe('llm-prefill-fn: [error] cannot read stdin: EIO: i/o error, read\nllm-prefill-fn: FAILED: 1 error(s); first: cannot read stdin: EIO: i/o error, read\n');
  });

  test('with LLM_PREFILL_FN_DEBUG=1 the stack trace goes to stderr', async () => {
    const out = await runBin('', { LLM_PREFILL_FN_DEBUG: '1' }, preload);
    expect(out.status).toBe(1);
    // The launcher says first whether V8 took the build's code cache (scripts/launcher.cjs): the
    // build ran on this node, so it must have. Then the failed blocking read, and the stream that
    // took over and failed too (functions/src/cli/stdin.ts).
    expect(out.stderr).toMatch(
      /^llm-prefill-fn: debug: code cache accepted\nllm-prefill-fn: debug: stdin: a blocking read failed \(EIO\) after 0 bytes: the rest is read as a stream\nError: EIO: i\/o error, read\n\s+at /,
    );
    expect(parseDocument(out.stdout).toJS().kind).toBe('ResourceList');
  });
});
