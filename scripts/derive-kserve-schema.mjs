#!/usr/bin/env node
// Derives functions/src/validate/schemas/llminferenceservice-spec.v1alpha2.json — a JSON Schema for
// the `spec` of an LLMInferenceService or an LLMInferenceServiceConfig (both are
// LLMInferenceServiceSpec) — from KServe's v1alpha2 CRDs. Run it by hand when the CRDs move
// (`node scripts/derive-kserve-schema.mjs [crd-dir]`); its output is committed, and the build
// (scripts/build.mjs) compiles it to a standalone validator, so nothing is compiled at run time.
// The build never reads the CRDs: they live outside the repository (../shared/kserve/crds).
//
// Every transformation below is numbered (T1..T10) and the same number appears in the summary the
// script prints.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const crdDir = process.argv[2] ?? join(root, '../shared/kserve/crds');
const out = join(root, 'functions/src/validate/schemas/llminferenceservice-spec.v1alpha2.json');
const CONFIG_CRD = 'serving.kserve.io_llminferenceserviceconfigs.yaml';
const SERVICE_CRD = 'serving.kserve.io_llminferenceservices.yaml';
const SOURCE = 'kserve/kserve commit aaac4e29 (2026-08-21), config/crd minimal variant; Apache-2.0';
const VERSION = 'v1alpha2';

const INT32 = { min: -2147483648, max: 2147483647 };

/** Keywords that only restrict values (no structure): the config CRD may lack them, see T1. */
const VALUE_KEYWORDS = new Set(['pattern', 'minLength', 'minItems', 'minProperties', 'x-kubernetes-validations']);

/** Matches any string holding a Go template action: KServe renders the spec before using it. */
const TEMPLATE = '\\{\\{';

/** Readable sentences for the CRDs' patterns (x-hint: field-errors.ts shows them instead of the regex). */
const PATTERN_HINTS = {
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$':
    'must be a Kubernetes quantity, e.g. 8Gi, 500m or 2',
  '^\\d+(\\.\\d+)?$': 'must be a decimal number, e.g. 1.5',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit",
  '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$': "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit",
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$': "must be a DNS subdomain: lowercase letters, digits, '-' and '.'",
  '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$': "must be empty or a DNS subdomain: lowercase letters, digits, '-' and '.'",
  '^([0-9]{1,5}(h|m|s|ms)){1,4}$': 'must be a duration such as 10s, 1m or 1h30m (units h, m, s, ms)',
};

/**
 * T9: enums that Kubernetes' core/v1 types declare only in Go (`+enum`), so the CRD has plain
 * strings. The API server accepts any value in the custom resource, but the Deployment or
 * LeaderWorkerSet KServe creates from it is rejected: worth an error before it gets there.
 * [what the schema node looks like, property, allowed values]
 */
const CORE_V1_ENUMS = [
  [(n) => has(n, 'image', 'imagePullPolicy'), 'imagePullPolicy', ['Always', 'IfNotPresent', 'Never']],
  [(n) => has(n, 'image', 'terminationMessagePolicy'), 'terminationMessagePolicy', ['File', 'FallbackToLogsOnError']],
  [(n) => has(n, 'containerPort', 'protocol'), 'protocol', ['TCP', 'UDP', 'SCTP']],
  [(n) => has(n, 'path', 'port', 'scheme', 'httpHeaders'), 'scheme', ['HTTP', 'HTTPS']],
  [(n) => has(n, 'containers', 'restartPolicy'), 'restartPolicy', ['Always', 'OnFailure', 'Never']],
  [(n) => has(n, 'containers', 'dnsPolicy'), 'dnsPolicy', ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']],
  [(n) => has(n, 'key', 'operator', 'effect', 'tolerationSeconds'), 'operator', ['', 'Exists', 'Equal']],
  [(n) => has(n, 'key', 'operator', 'effect', 'tolerationSeconds'), 'effect', ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute']],
];

/** Shared subtrees at least this long (JSON characters) move to $defs (T10). */
const DEF_MIN_SIZE = 100;

function has(node, ...props) {
  return props.every((p) => node.properties?.[p] !== undefined);
}

function specSchema(file) {
  const crd = parse(readFileSync(join(crdDir, file), 'utf8'));
  const version = crd.spec.versions.find((v) => v.name === VERSION);
  if (!version) throw new Error(`${file}: no version ${VERSION}`);
  return { kind: crd.spec.names.kind, spec: version.schema.openAPIV3Schema.properties.spec };
}

/** A copy without `description` (and, for comparing, without the keywords `drop` names). */
function strip(node, drop = new Set()) {
  if (Array.isArray(node)) return node.map((n) => strip(n, drop));
  if (node === null || typeof node !== 'object') return node;
  const copy = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'description' && !drop.has(k)) copy[k] = strip(v, drop);
  return copy;
}

/** JSON-pointer-ish paths where two schemas differ: [path, config value, service value]. */
function differences(a, b, path = '', found = []) {
  if (JSON.stringify(a) === JSON.stringify(b)) return found;
  const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[k], b[k], `${path}/${k}`, found);
    return found;
  }
  found.push([path, a, b]);
  return found;
}

/** "/properties/prefill/properties/template/properties/containers/items" -> "prefill.template.containers[]". */
function readable(pointer) {
  return pointer
    .replace(/\/properties\/([^/]+)/g, '.$1')
    .replace(/\/items/g, '[]')
    .replace(/\/additionalProperties/g, '.*')
    .replace(/^\./, '');
}

// ---------------------------------------------------------------------------------------------
const config = specSchema(CONFIG_CRD);
const service = specSchema(SERVICE_CRD);
const log = (line = '') => process.stdout.write(`${line}\n`);
log(`derive-kserve-schema: ${relative(root, join(crdDir, CONFIG_CRD))} (${config.kind}) and ${relative(root, join(crdDir, SERVICE_CRD))} (${service.kind}), version ${VERSION}`);

// T1: one schema for both kinds. They share the Go type LLMInferenceServiceSpec; KServe's CRD
// generation strips value checks (pattern, minLength, minItems, minProperties, CEL) from the
// config CRD's pod templates and router so that Go-template strings pass the API server. So:
// the structure (properties, types, required, enums, formats, min/max, maxLength) must be
// identical, and the schema starts from the service CRD (the stricter one); where only the
// service CRD has a pattern, T6 makes it accept Go templates (they are checked after rendering).
const structural = differences(strip(config.spec, VALUE_KEYWORDS), strip(service.spec, VALUE_KEYWORDS));
if (structural.length > 0) {
  for (const [p, a, b] of structural.slice(0, 20)) log(`  ${readable(p)}: config ${JSON.stringify(a)?.slice(0, 80)} vs service ${JSON.stringify(b)?.slice(0, 80)}`);
  throw new Error(`the two CRDs' spec schemas differ in structure at ${structural.length} place(s): one schema cannot serve both`);
}
const valueDiffs = differences(strip(config.spec), strip(service.spec));
const serviceOnly = new Set(); // "<pointer of schema node>#<keyword>"
const byKeyword = {};
const bySubtree = {};
for (const [p, a] of valueDiffs) {
  const cut = p.lastIndexOf('/');
  const keyword = p.slice(cut + 1);
  if (!VALUE_KEYWORDS.has(keyword) || a !== undefined) throw new Error(`unexpected difference at ${readable(p)}`);
  serviceOnly.add(`${p.slice(0, cut)}#${keyword}`);
  byKeyword[keyword] = (byKeyword[keyword] ?? 0) + 1;
  const parts = readable(p.slice(0, cut)).replace(/\[\]/g, '').split('.');
  const subtree = ['prefill', 'router'].includes(parts[0]) ? parts.slice(0, 2).join('.') : parts[0];
  bySubtree[subtree] = (bySubtree[subtree] ?? 0) + 1;
}
log(`T1 spec schemas: identical in structure (properties, types, required, enums, formats, min/max, maxLength);`);
log(`   only the ${service.kind} CRD has ${Object.entries(byKeyword).map(([k, n]) => `${n} ${k}`).join(', ')}, under:`);
log(`   ${Object.entries(bySubtree).sort().map(([k, n]) => `${k} (${n})`).join(', ')}`);
log(`   -> one schema from the ${service.kind} CRD; patterns only it has accept Go templates (T6)`);

// ---------------------------------------------------------------------------------------------
const counts = { 'T2 descriptions dropped': 0 };
const count = (t, n = 1) => (counts[t] = (counts[t] ?? 0) + n);
const celRules = []; // { path, rule, message }

/** Transforms one schema node in place; `pointer` is its JSON pointer in the service CRD's spec. */
function transform(node, pointer) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;

  // T2: drop descriptions (most of a full CRD's size, though the minimal variant has none;
  // messages come from field-errors.ts and x-hint) and defaults (the API server applies them; a
  // validator does not need them).
  if ('description' in node) (delete node.description, count('T2 descriptions dropped'));
  if ('default' in node) (delete node.default, count('T2 defaults dropped'));

  // T3: CEL rules cannot run here: dropped, and listed in the output so that the code can check
  // the ones that matter (kserve-schema.ts does not).
  if (node['x-kubernetes-validations']) {
    for (const v of node['x-kubernetes-validations']) celRules.push({ path: readable(pointer) || '(spec)', rule: v.rule, message: v.message });
    delete node['x-kubernetes-validations'];
    count('T3 CEL rule sets dropped');
  }

  // T4: x-kubernetes-int-or-string `anyOf: [{type: integer}, {type: string}]` -> the union type
  // `type: [integer, string]`. Keywords then apply by type (a quantity pattern only to strings),
  // and a wrong value gives one error, not one per anyOf branch.
  if (node['x-kubernetes-int-or-string']) {
    if (JSON.stringify(node.anyOf) !== '[{"type":"integer"},{"type":"string"}]' || node.type !== undefined) {
      throw new Error(`${readable(pointer)}: unexpected int-or-string shape ${JSON.stringify(node)}`);
    }
    node.type = ['integer', 'string'];
    delete node.anyOf;
    delete node['x-kubernetes-int-or-string'];
    count('T4 int-or-string -> type [integer, string]');
  }
  if (node.anyOf || node.oneOf || node.allOf || node.not) throw new Error(`${readable(pointer)}: unexpected combinator`);
  // No field is nullable: kserve-schema.ts reports a null as a field the API server drops.
  if (node.nullable) throw new Error(`${readable(pointer)}: nullable (kserve-schema.ts assumes none)`);

  // T5: formats. int32 -> minimum/maximum of int32 (what the API server enforces; an error then
  // names the bound, and no ajv-formats is needed); int64 -> dropped (JavaScript numbers are
  // doubles: the range is not checkable here, and nobody writes 2^63 by mistake). No other
  // format occurs; a new one stops the script.
  if (node.format !== undefined) {
    if (node.type !== 'integer' || !['int32', 'int64'].includes(node.format)) throw new Error(`${readable(pointer)}: unexpected format ${node.format} on ${node.type}`);
    if (node.format === 'int32') {
      node.minimum = Math.max(node.minimum ?? INT32.min, INT32.min);
      node.maximum = Math.min(node.maximum ?? INT32.max, INT32.max);
    }
    count(`T5 format ${node.format} ${node.format === 'int32' ? '-> minimum/maximum' : 'dropped'}`);
    delete node.format;
  }

  // T6: string patterns. Where only the service CRD has the pattern (T1), KServe checks the
  // value after rendering Go templates, so a string holding `{{` passes:
  // `\{\{|(?:<pattern>)`. Where the config CRD has it too, the API server checks the raw
  // text of both kinds, and the pattern stays as it is. Either way an x-hint (our own keyword,
  // see field-errors.ts) gives the sentence shown instead of the regex.
  if (node.pattern !== undefined) {
    const original = node.pattern;
    const hint = PATTERN_HINTS[original] ?? `must match ${original}`;
    if (serviceOnly.has(`${pointer}#pattern`)) {
      node.pattern = `${TEMPLATE}|(?:${original})`;
      node['x-hint'] = `${hint} (or a Go template that renders one)`;
      count('T6 patterns accepting Go templates (service CRD only)');
    } else {
      node['x-hint'] = hint;
      count('T6 patterns kept strict (both CRDs)');
    }
    new RegExp(node.pattern, 'u');
  }
  // Enums: every enum of the CRDs is in both CRDs, so the API server checks the raw text: kept
  // as they are. (Only T9's enums, which KServe checks after rendering, accept templates.)
  if (node.enum !== undefined) count('T6 enums kept strict (both CRDs)');

  // T7: x-kubernetes-list-type: set -> uniqueItems (the API server rejects duplicates in a set).
  // Other x-kubernetes-* keywords are dropped, except x-kubernetes-preserve-unknown-fields
  // (declared in the build; it marks where T8 must not close an object).
  if (node['x-kubernetes-list-type'] === 'set') (node.uniqueItems = true), count('T7 list-type set -> uniqueItems');
  for (const k of ['x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type']) {
    if (k in node) (delete node[k], count(`T7 ${k} dropped`));
  }
  for (const k of Object.keys(node)) if (k.startsWith('x-kubernetes-') && k !== 'x-kubernetes-preserve-unknown-fields') throw new Error(`${readable(pointer)}: unexpected ${k}`);

  // T8: the API server prunes unknown fields of a structural schema silently, so a misspelled
  // field is lost without a word: closing every object that lists its properties makes ajv
  // report it (kserve-schema.ts turns it into a warning with a did-you-mean).
  if (node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    node.additionalProperties = false;
    count('T8 objects closed (additionalProperties: false)');
  }

  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties') for (const [name, child] of Object.entries(v)) transform(child, `${pointer}/properties/${name}`);
    else if (k === 'items' || k === 'additionalProperties') transform(v, `${pointer}/${k}`);
  }

  // T9 (after the children, so that T6 does not take these patterns for the CRD's): core/v1
  // enums (see CORE_V1_ENUMS), as a pattern that also accepts Go templates, e.g.
  // probe `scheme: '{{ if .GlobalConfig.EnableTLS }}HTTPS{{else}}HTTP{{- end }}'`.
  for (const [matches, prop, values] of CORE_V1_ENUMS) {
    const target = node.properties?.[prop];
    if (!matches(node) || !target || target.type !== 'string' || target.enum || target.pattern) continue;
    const escaped = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    target.pattern = `^(?:${escaped.join('|')})$|${TEMPLATE}`;
    target['x-hint'] = `must be one of: ${values.map((v) => (v === '' ? '""' : v)).join(', ')} (or a Go template)`;
    count(`T9 core/v1 enum ${prop}`);
  }
}

const schema = strip(service.spec, new Set()); // a deep copy; descriptions go in T2 anyway
transform(schema, '');

// T10: shared subtrees (PodSpec appears for template, worker, prefill.template, prefill.worker,
// router.scheduler.template and .tokenizer.template; Container three times in each) move to
// $defs and become $refs, down to small repeated leaves (DEF_MIN_SIZE). The file shrinks five
// times over, and the build compiles each definition once (inlineRefs: false), which shrinks the
// generated validator from 1.4 MB (threshold 1000) to about 0.8 MB. Greedy, largest first, until
// nothing repeats.
const defs = {};
function dedupe() {
  for (;;) {
    const seen = new Map(); // canonical text -> { size, places: [[parent, key, path]] }
    const visit = (parent, key, path) => {
      const node = parent[key];
      if (node === null || typeof node !== 'object' || Array.isArray(node) || node.$ref) return;
      const text = JSON.stringify(node);
      if (text.length >= DEF_MIN_SIZE) {
        const entry = seen.get(text) ?? { size: text.length, places: [] };
        entry.places.push([parent, key, path]);
        seen.set(text, entry);
      }
      for (const [k, v] of Object.entries(node)) {
        if (k === 'properties') for (const name of Object.keys(v)) visit(v, name, `${path}.${name}`);
        else if (k === 'items') visit(node, k, `${path}[]`);
        else if (k === 'additionalProperties') visit(node, k, `${path}.*`);
      }
    };
    visit({ spec: schema }, 'spec', 'spec');
    for (const [name, def] of Object.entries(defs)) visit(defs, name, name);
    const best = [...seen.values()].filter((e) => e.places.length > 1).sort((a, b) => b.size - a.size)[0];
    if (!best) return;
    const [, , firstPath] = best.places[0];
    let name = defName(firstPath);
    for (let i = 2; defs[name]; i++) name = `${defName(firstPath)}${i}`;
    defs[name] = best.places[0][0][best.places[0][1]];
    for (const [parent, key] of best.places) parent[key] = { $ref: `#/$defs/${name}` };
    count('T10 shared subtrees -> $defs');
  }
}

/** Names for the definitions, by the path of their first place; others get the field's name. */
const DEF_NAMES = [
  [/(^|\.)(template|worker)$/, 'PodSpec'],
  [/\.(initContainers|containers)$/, 'Containers'],
  [/\.ephemeralContainers$/, 'EphemeralContainers'],
  [/\[\]\.securityContext$/, 'SecurityContext'],
  [/\.securityContext$/, 'PodSecurityContext'],
  [/\.(liveness|readiness|startup)Probe$/, 'Probe'],
  [/\.lifecycle$/, 'Lifecycle'],
  [/\.env$/, 'EnvVars'],
  [/\.volumes$/, 'Volumes'],
  [/\.affinity$/, 'Affinity'],
  [/\.pod(Anti)?Affinity$/, 'PodAffinity'],
  [/\.podAffinityTerm$/, 'PodAffinityTerm'],
  [/\.behavior$/, 'HPAScalingBehavior'],
  [/\.advanced$/, 'KedaAdvanced'],
  [/\.kvCacheOffloading$/, 'KVCacheOffloading'],
  [/\.scaling$/, 'Scaling'],
  [/\.filters$/, 'HTTPRouteFilters'],
];

function defName(path) {
  const known = DEF_NAMES.find(([re]) => re.test(path));
  if (known) return known[1];
  // "PodSpec.containers[].resources.limits" -> "resourcesLimits"
  const [a, b] = path.replace(/\[\]|\.\*/g, '').split('.').slice(-2);
  return `${a}${b[0].toUpperCase()}${b.slice(1)}`.replace(/[^A-Za-z0-9]/g, '');
}

dedupe();
const defsSorted = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));

const document = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://llm-prefill.dev/schemas/llminferenceservice-spec.v1alpha2.json',
  $comment:
    `Generated by scripts/derive-kserve-schema.mjs from ${CONFIG_CRD} and ${SERVICE_CRD} (version ${VERSION}), ` +
    `${SOURCE}. Do not edit: change the script and run it again. The spec of LLMInferenceService and ` +
    `LLMInferenceServiceConfig (both LLMInferenceServiceSpec). CEL rules (x-kubernetes-validations) are not in it.`,
  title: 'LLMInferenceServiceSpec',
  ...schema,
  $defs: defsSorted,
};
mkdirSync(dirname(out), { recursive: true });
const text = `${JSON.stringify(document, null, 1)}\n`;
writeFileSync(out, text);

for (const [t, n] of Object.entries(counts).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) log(`${t}: ${n}`);
log(`   ${Object.keys(defs).length} definitions: ${Object.keys(defsSorted).join(', ')}`);

// The CEL rules, one line per distinct rule, with where it applies. Those on spec and
// spec.prefill (replicas vs scaling, scaling's wva/keda) matter for prefill; the router's
// are Gateway API HTTPRoute/InferencePool rules.
const rules = new Map();
for (const r of celRules) {
  const key = `${r.message}\u0000${r.rule}`;
  rules.set(key, [...(rules.get(key) ?? []), r.path]);
}
log(`T3 CEL rules dropped: ${celRules.length} rules at ${new Set(celRules.map((r) => r.path)).size} places, ${rules.size} distinct (check in code what matters):`);
for (const [key, paths] of rules) {
  const [message, rule] = key.split('\u0000');
  const prefill = paths.some((p) => p === '(spec)' || p.startsWith('prefill')) ? ' [prefill]' : '';
  log(`  -${prefill} "${message}"`);
  log(`      rule: ${rule.length > 160 ? `${rule.slice(0, 157)}...` : rule}`);
  log(`      at:   ${paths.join(', ')}`);
}
const crdBytes = JSON.stringify(strip(service.spec)).length;
log(`wrote ${relative(root, out)}: ${text.length} bytes (the ${service.kind} CRD's spec schema without descriptions: ${crdBytes} bytes)`);
