/**
 * The function, end to end: decode -> read config -> select services -> plan -> patch -> encode.
 * Pure over text: the CLI (cli/) owns stdin, stdout and the exit code.
 */
import { readConfig } from './config/read-config';
import type { ConfigRole, PrefillOverlay } from './config/types';
import { documentAsItem } from './files/stream';
import type { Change, Filter, Target } from './filters/filter';
import { setIdentity } from './filters/set-identity';
import { runFilters, type FilterProblem } from './filters/run-filters';
import { isEscaped, unescapeFromFlux } from './filters/flux';
import { fluxBeyondManaged } from './filters/flux-scope';
import type { UseNoter } from './filters/substitute-variables';
import { decode, DecodeError, type ResourceList } from './krm/decode';
import { encode } from './krm/encode';
import { checkItems } from './krm/check-items';
import { ItemSyntaxError, parseItem, renderItem, ReprintFailed, type ParsedItem } from './krm/item';
import { isStackOverflow, LIMITS, LimitExceeded, mib, toPlain } from './krm/limits';
import { indentLines } from './krm/lines';
import { error, hasErrors, info, refOf, warning, type ResourceRef, type Result } from './krm/results';
import { lintResource, type DollarCounts, type LintContext } from './validate/dollar-text';
import { checkOutput, type Resource } from './validate/check-output';
import { validateSpec } from './validate/kserve-schema';
import { settingEffects } from './validate/effects';
import { releaseFieldFindings } from './validate/release-fields';
import { baseRefCandidates } from './validate/base-refs';
import { lintTemplates } from './validate/templates';
import { yaml11Findings } from './validate/yaml11';
import { isService } from './plan/services';
import type { Item } from './krm/item';
import type { Chunk } from './krm/scan';
import { configToAdd } from './plan/release-configs';
import { releaseOf, type Release } from './kserve/releases';
import { configName, type KServeSettings } from './plan/managed';
import { plan } from './plan/plan';
import { layerStage } from './layer/layer-stage';
import { pipelineFilters } from './plan/pipeline-filters';
import { selectServices } from './plan/select-services';
import { shapeFindings } from './plan/shape-findings';
import { noteUse } from './variables/fill-config';
import { configMapLookup, variableProblems, variableReport } from './variables/report';
import type { Env } from './variables/resolve';
import { snapshot } from './yaml/reprint';

export interface RunOutput {
  /** The ResourceList to write to stdout. */
  text: string;
  results: Result[];
  /** True when a result has severity error: the CLI exits 1. */
  failed: boolean;
}

/**
 * runFunction, and for a bug of ours (an exception) still a ResourceList: the items unchanged
 * when the input can be read, and an error result that says what happened.
 */
export function runFunctionSafely(input: string, env: Env = {}): RunOutput {
  try {
    return runFunction(input, env);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const results = [error(`internal error: ${err.message} (please report it; LLM_PREFILL_FN_DEBUG=1 prints a stack trace)`)];
    if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
    try {
      return { text: encode(decode(input), { replaced: new Map(), added: [], results }), results, failed: true };
    } catch {
      return failedBeforeDecode(results);
    }
  }
}

/** `env`: the process environment, where pipeline variables and Argo CD's build environment come from. */
export function runFunction(input: string, env: Env = {}): RunOutput {
  const unreadable = inputProblem(input);
  if (unreadable) return failedBeforeDecode([unreadable]);
  let list: ResourceList;
  try {
    list = decode(input);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const where = e.line ? `input line ${e.line}: ` : '';
    return failedBeforeDecode([error(`${where}${e.message}`, e.line ? { file: { path: 'stdin' }, tags: { line: String(e.line) } } : {})]);
  }
  return transform(list, env);
}

/** What happened to one resource, for the output and the summary. */
interface Outcome {
  ref: ResourceRef | undefined;
  label: string;
  changes: Change[];
  /** Lint findings on the resource as it goes out. */
  findings: Result[];
  /** The resource as it goes out, as plain data (for the validate stage). */
  value: Record<string, unknown>;
  text: string;
  added?: boolean;
}

function transform(list: ResourceList, env: Env): RunOutput {
  const unchangedOutput = (results: Result[]): RunOutput => ({ text: encode(list, { replaced: new Map(), added: [], results }), results, failed: hasErrors(results) });
  // Items that are not KRM resources, or duplicates: reported with the config's own problems.
  const itemProblems = checkItems(list.items);
  const cfg = readConfig(list.functionConfig, { env, configMaps: configMapLookup(list.items) });
  if (cfg.results) return unchangedOutput([...itemProblems, ...cfg.results]);
  if (hasErrors(itemProblems)) return unchangedOutput(itemProblems);
  const { spec } = cfg.config;
  const usage = cfg.usage;
  const noteResourceUse: UseNoter = (name, path, target) => noteUse(usage, name, `${describeRef(refOf(identity(target)))} ${path}`);
  const services = selectServices(list.items, spec);
  const pipeFilters = pipelineFilters(spec, cfg.variables, noteResourceUse);
  const layer = spec.mode === 'layer' ? layerStage(list.items, cfg.config, pipeFilters) : undefined;
  const planned = layer?.plan ?? plan(list.items, cfg.config, services.selected.length > 0, pipeFilters);
  const release = releaseOf(planned.kserve.version);
  const escaped = spec.pipeline?.engine === 'flux' && spec.pipeline.flux?.substitution === 'escape';
  const results: Result[] = [...variableProblems(cfg.variables, cfg.ref), ...services.results, ...planned.results];
  results.push(...shapeFindings(services.selected, spec, release));
  const replaced = new Map<number, string>();
  const outcomes: Outcome[] = [];
  const keep = (index: number | undefined, outcome: Outcome | Result) => {
    if ('severity' in outcome) return results.push(outcome);
    results.push(...outcome.findings);
    if (outcome.changes.length === 0) return;
    outcomes.push(outcome);
    if (index !== undefined) replaced.set(index, outcome.text);
  };

  const lintCtx: LintContext = { engine: spec.pipeline?.engine ?? 'none', declared: new Set([...cfg.variables.values.keys(), ...cfg.variables.unset]), deferred: cfg.variables.deferred, appendsVllmArgs: (spec.vllmArgs?.length ?? 0) > 0 };
  const counts: DollarCounts[] = [];
  const lint = (parsed: ParsedItem, ref: ResourceRef | undefined, role: Target['role']): Result[] => {
    const { counts: c, findings } = lintResource(parsed.doc, parsed.node, lintCtx);
    counts.push(c);
    const dollar = findings.map((f) => (f.severity === 'error' ? error : warning)(f.message, ref ? { resourceRef: ref, field: { path: f.path } } : {}));
    const yaml11 = yaml11Findings(parsed.node).map((f) => (f.severity === 'error' ? error : warning)(f.message, ref ? { resourceRef: ref, field: { path: f.path } } : {}));
    // KServe executes the configs' text as Go templates; services carry none of ours.
    return role === 'service' ? [...dollar, ...yaml11] : [...dollar, ...yaml11, ...templateFindings(parsed, ref, release)];
  };
  const patch = patcher(escaped, lint);
  const finalConfigs = new Map<ConfigRole, Resource>();
  const finalServices = new Map<number, Resource>();
  for (const { item, role } of planned.managed) {
    const outcome = patch(item.chunk, undefined, planned.filters[role], role, refOf(item.id));
    if (!('severity' in outcome)) finalConfigs.set(role, outcome);
    keep(item.index, outcome);
  }
  const indent = list.items[0]?.chunk.indent ?? 0;
  for (const role of planned.missing) {
    const outcome = addFromBase(patch, role, planned.kserve, planned.filters[role], indent);
    if (!('severity' in outcome)) finalConfigs.set(role, outcome);
    keep(undefined, outcome);
  }
  for (const { item, parsed } of services.selected) {
    const outcome = patch(item.chunk, parsed, planned.serviceFilters, 'service', refOf(item.id));
    if (!('severity' in outcome)) finalServices.set(item.index, outcome);
    keep(item.index, outcome);
  }
  for (const delta of layer?.deltas(patch, indent) ?? []) keep(delta.index, delta.outcome);
  const flux = fluxBeyondManaged(list.items, new Set([...planned.managed.map((m) => m.item.index), ...services.selected.map((s) => s.item.index)]), spec.pipeline, cfg.variables.deferred);
  for (const [index, text] of flux.replaced) replaced.set(index, text);
  results.push(...flux.results);
  // What goes out must be what KServe's CRD accepts: the managed configs and the patched services.
  for (const r of [...finalConfigs.values(), ...finalServices.values()]) results.push(...validateSpec(r.value.spec, r.ref));
  results.push(...releaseFieldFindings([...finalConfigs.values(), ...finalServices.values()], release));
  const gpuResource = spec.resources?.gpuResource ?? 'nvidia.com/gpu';
  const outServices = allServices(list.items, finalServices, results);
  if (layer) results.push(...layer.check(outServices, gpuResource));
  else {
    const others = baseRefCandidates(list.items, outServices, planned.managed.map((m) => m.item.index));
    results.push(...checkOutput(finalConfigs, outServices, gpuResource, release, others));
    results.push(...settingEffects({ spec, release, configs: finalConfigs, services: outServices, others }));
  }

  results.push(...variableReport(cfg.variables, usage, cfg.ref));
  results.push(dollarSummary(counts));
  results.push(...summarise(cfg.config, outcomes, planned.managed.length));
  // Nothing is half-applied: with any error, every item goes out as it came in.
  if (hasErrors(results)) return unchangedOutput(results);
  const added = outcomes.filter((o) => o.added).map((o) => o.text);
  return { text: encode(list, { replaced, added, results }), results, failed: false };
}

type Patch = (chunk: Chunk, parsedAlready: ParsedItem | undefined, filters: readonly Filter[], role: Target['role'], ref?: ResourceRef) => Outcome | Result;

/**
 * Stage "patch": runs filters over one item (parsed here unless the caller already did). With
 * Flux escaping, an item escaped by an earlier run is unescaped first, so that the filters see
 * plain values and a second run changes nothing.
 */
function patcher(fluxEscape: boolean, lint: (parsed: ParsedItem, ref: ResourceRef | undefined, role: Target['role']) => Result[]): Patch {
  return (chunk, parsedAlready, filters, role, ref) => {
    let parsed: ParsedItem;
    try {
      parsed = parsedAlready ?? parseItem(chunk);
    } catch (e) {
      if (!(e instanceof ItemSyntaxError)) throw e;
      return error(`input line ${e.line}: ${e.message}`, ref ? { resourceRef: ref } : {});
    }
    const before = snapshot(parsed.doc);
    const unescape = () => {
      if (fluxEscape && isEscaped(parsed.node)) unescapeFromFlux(parsed.doc);
    };
    const applied = runFilters(parsed, before, filters, role, unescape);
    if ('problem' in applied) return filterProblem(applied.problem, chunk, ref);
    const { changes } = applied;
    const resourceRef = ref ?? refOf(identity(parsed));
    const findings = lint(parsed, resourceRef, role);
    let value: Record<string, unknown>;
    try {
      value = toPlain(parsed.doc, parsed.node) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof LimitExceeded)) throw e;
      return error(`input line ${chunk.line}: ${e.message}`, resourceRef ? { resourceRef } : {});
    }
    let text = chunk.text;
    try {
      if (changes.length > 0) text = renderItem(parsed, chunk, before);
    } catch (e) {
      if (!(e instanceof ReprintFailed)) throw e;
      return error(`input line ${e.line}: ${e.message}`, resourceRef ? { resourceRef } : {});
    }
    return { ref: resourceRef, label: describeRef(resourceRef), changes, findings, value, text };
  };
}

/** An edit that would not take effect (or an alias bomb): an error on the item, at its field and input line. */
function filterProblem(p: FilterProblem, chunk: Chunk, ref: ResourceRef | undefined): Result {
  const line = chunk.line > 0 ? chunk.line + (p.offset === undefined ? 0 : (chunk.text.slice(0, p.offset).match(/\n/g)?.length ?? 0)) : undefined;
  return error(`${line ? `input line ${line}: ` : ''}${p.message}`, ref ? { resourceRef: ref, ...(p.path ? { field: { path: p.path } } : {}) } : {});
}

/** A managed config the input lacks, made from the embedded base and then patched like the others. */
function addFromBase(patch: Patch, role: ConfigRole, kserve: KServeSettings, filters: readonly Filter[], indent: number): Outcome | Result {
  const name = configName(role, kserve);
  const add = configToAdd(role, releaseOf(kserve.version), name, kserve.namespace);
  if ('severity' in add) return add;
  const chunk: Chunk = { text: indentLines(documentAsItem(add.text), indent), indent, line: 0 };
  const outcome = patch(chunk, undefined, [setIdentity(name, kserve.namespace), ...filters], role);
  if ('severity' in outcome) return outcome;
  return { ...outcome, added: true, changes: [{ path: '', description: add.description }, ...outcome.changes] };
}

/**
 * Every LLMInferenceService as it goes out: patched ones from the patch stage, the rest parsed.
 * A service that cannot be read (bad YAML, beyond the limits) is an error result: the checks
 * across configs and services would be incomplete without it.
 */
function allServices(items: readonly Item[], patched: ReadonlyMap<number, Resource>, results: Result[]): Resource[] {
  const services: Resource[] = [];
  for (const item of items.filter((i) => isService(i.id))) {
    const done = patched.get(item.index);
    if (done) {
      services.push(done);
      continue;
    }
    try {
      const parsed = parseItem(item.chunk);
      services.push({ ref: refOf(item.id), value: toPlain(parsed.doc, parsed.node) as Record<string, unknown> });
    } catch (e) {
      if (e instanceof ItemSyntaxError) results.push(error(`input line ${e.line}: ${e.message}`, { resourceRef: refOf(item.id) }));
      else if (e instanceof LimitExceeded) results.push(error(`input line ${item.chunk.line}: ${e.message}`, { resourceRef: refOf(item.id) }));
      else throw e;
    }
  }
  return services;
}

/**
 * The Go template lint of a managed config. The template parser is recursive: text nested deeper
 * than the stack allows (thousands of `(` or `{{ if }}`) is an error on the config, not a crash.
 */
function templateFindings(parsed: ParsedItem, ref: ResourceRef | undefined, release: Release): Result[] {
  try {
    return lintTemplates(parsed.doc, ref, release);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return [error('a Go template in this config nests too deeply to check (KServe would reject it too)', ref ? { resourceRef: ref } : {})];
  }
}

/**
 * Input the function does not read at all: larger than the limit, with characters that YAML
 * forbids anywhere (C0 control characters other than tab, line feed and carriage return: binary
 * data, or a file in another encoding), or with lone carriage returns. Invalid UTF-8 is caught
 * where the bytes are read (cli/stdin.ts).
 */
export function inputProblem(input: string): Result | undefined {
  if (input.length > LIMITS.inputBytes) return error(`the input is ${mib(input.length)}: larger than the function's limit of ${mib(LIMITS.inputBytes)}`);
  const bad = /[\x00-\x08\x0b\x0c\x0e-\x1f]/.exec(input);
  if (bad) {
    const line = lineOf(input, bad.index);
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return error(`input line ${line}: control character U+${code} is not allowed in YAML (binary data? a file in another encoding? Binary values belong base64-encoded in a Secret's data)`, {
      file: { path: 'stdin' },
      tags: { line: String(line) },
    });
  }
  // A carriage return on its own (classic Mac line endings, or a stray one): the line scanner
  // and yaml would read the text differently. LF and CRLF are what kpt and kustomize write.
  // (LF input, the common case, has no carriage return at all: one fast search instead of a regex.)
  const cr = input.includes('\r') ? /\r(?!\n)/.exec(input) : null;
  if (cr) {
    const line = lineOf(input, cr.index);
    return error(`input line ${line}: a carriage return without a line feed: use LF or CRLF line endings`, { file: { path: 'stdin' }, tags: { line: String(line) } });
  }
  return undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function identity(parsed: { node: ParsedItem['node'] }): { apiVersion?: string; kind?: string; name?: string; namespace?: string } {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const n = parsed.node;
  return { apiVersion: text(n.get('apiVersion')), kind: text(n.get('kind')), name: text(n.getIn(['metadata', 'name'])), namespace: text(n.getIn(['metadata', 'namespace'])) };
}

function describeRef(ref: ResourceRef | undefined): string {
  return ref ? [ref.kind, ref.namespace, ref.name].filter(Boolean).join('/') : 'an item';
}

function summarise(config: PrefillOverlay, outcomes: readonly Outcome[], managed: number): Result[] {
  const perResource = outcomes.map((o) => info(describeChanges(o.changes), o.ref ? { resourceRef: o.ref } : {}));
  const fields = outcomes.reduce((n, o) => n + o.changes.filter((c) => c.path !== '').length, 0);
  const added = outcomes.filter((o) => o.added).length;
  const services = outcomes.filter((o) => o.ref?.kind === 'LLMInferenceService').length;
  const parts = [`${managed} managed config(s)`, `${added} added`, `${services} service(s) patched`, `${outcomes.length} resource(s) changed`, `${fields} field(s) set`];
  return [...perResource, info(`overlay ${config.spec.overlay}: ${parts.join(', ')}`)];
}

/** How many `$`/`{{` texts of each kind the managed resources carry, for the reader. */
function dollarSummary(counts: readonly DollarCounts[]): Result {
  const total = (k: keyof DollarCounts) => counts.reduce((n, c) => n + c[k], 0);
  return info(
    `$ and {{ text in managed resources: ${total('goTemplate')} KServe Go template action(s), ${total('kubernetesVar')} Kubernetes $(VAR), ` +
      `${total('shell')} shell expansion(s), ${total('pipelineVar')} pipeline variable(s), ${total('other')} other \${...}`,
  );
}

/** "env A (template, worker); image x" — one entry per distinct edit, with the pods it was made in. */
function describeChanges(changes: readonly Change[]): string {
  const where = new Map<string, string[]>();
  for (const c of changes) where.set(c.description, [...new Set([...(where.get(c.description) ?? []), podOf(c.path)])].filter(Boolean));
  return [...where].map(([description, pods]) => (pods.length > 0 ? `${description} (${pods.join(', ')})` : description)).join('; ');
}

function podOf(path: string): string {
  return /^spec\.prefill\.(template|worker)\b/.exec(path)?.[1] ?? '';
}

/** With unreadable input there are no items to give back: an empty list that carries the error. */
const EMPTY_LIST = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';

export function failedBeforeDecode(results: Result[]): RunOutput {
  return { text: encode(decode(EMPTY_LIST), { replaced: new Map(), added: [], results }), results, failed: true };
}
