/**
 * The function, end to end: decode -> read config -> select services -> plan -> patch -> encode.
 * Pure over text: the CLI (cli/) owns stdin, stdout and the exit code.
 */
import { readConfig } from './config/read-config';
import type { ConfigRole, PrefillOverlay } from './config/types';
import { documentAsItem } from './files/stream';
import type { Change, Filter, Target } from './filters/filter';
import { setIdentity } from './filters/set-identity';
import { setPrefillParallelism } from './filters/set-prefill-parallelism';
import { decode, DecodeError, type ResourceList } from './krm/decode';
import { encode } from './krm/encode';
import { ItemSyntaxError, parseItem, renderItem, type ParsedItem } from './krm/item';
import { indentLines } from './krm/lines';
import { error, hasErrors, info, refOf, type ResourceRef, type Result } from './krm/results';
import type { Chunk } from './krm/scan';
import { BASE_CONFIGS } from './plan/base-configs';
import { configName, type KServeSettings } from './plan/managed';
import { plan } from './plan/plan';
import { selectServices } from './plan/select-services';
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
export function runFunctionSafely(input: string): RunOutput {
  try {
    return runFunction(input);
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

export function runFunction(input: string): RunOutput {
  let list: ResourceList;
  try {
    list = decode(input);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const where = e.line ? `input line ${e.line}: ` : '';
    return failedBeforeDecode([error(`${where}${e.message}`, e.line ? { file: { path: 'stdin' }, tags: { line: String(e.line) } } : {})]);
  }
  return transform(list);
}

/** What happened to one resource, for the output and the summary. */
interface Outcome {
  ref: ResourceRef | undefined;
  label: string;
  changes: Change[];
  text: string;
  added?: boolean;
}

function transform(list: ResourceList): RunOutput {
  const unchangedOutput = (results: Result[]): RunOutput => ({ text: encode(list, { replaced: new Map(), added: [], results }), results, failed: hasErrors(results) });
  const cfg = readConfig(list.functionConfig);
  if (cfg.results) return unchangedOutput(cfg.results);
  const { spec } = cfg.config;
  const services = selectServices(list.items, spec);
  const planned = plan(list.items, cfg.config, services.selected.length > 0);
  const results: Result[] = [...services.results, ...planned.results];
  const replaced = new Map<number, string>();
  const outcomes: Outcome[] = [];
  const keep = (index: number | undefined, outcome: Outcome | Result) => {
    if ('severity' in outcome) return results.push(outcome);
    if (outcome.changes.length === 0) return;
    outcomes.push(outcome);
    if (index !== undefined) replaced.set(index, outcome.text);
  };

  for (const { item, role } of planned.managed) keep(item.index, patch(item.chunk, undefined, planned.filters[role], role, refOf(item.id)));
  const indent = list.items[0]?.chunk.indent ?? 0;
  for (const role of planned.missing) keep(undefined, addFromBase(role, planned.kserve, planned.filters[role], indent));
  const serviceFilter = setPrefillParallelism(spec.parallelism, spec.replicas);
  for (const { item, parsed } of services.selected) keep(item.index, patch(item.chunk, parsed, [serviceFilter], 'service', refOf(item.id)));

  results.push(...summarise(cfg.config, outcomes, planned.managed.length));
  // Nothing is half-applied: with any error, every item goes out as it came in.
  if (hasErrors(results)) return unchangedOutput(results);
  const added = outcomes.filter((o) => o.added).map((o) => o.text);
  return { text: encode(list, { replaced, added, results }), results, failed: false };
}

/** Stage "patch": runs filters over one item (parsed here unless the caller already did). */
function patch(chunk: Chunk, parsedAlready: ParsedItem | undefined, filters: readonly Filter[], role: Target['role'], ref?: ResourceRef): Outcome | Result {
  let parsed: ParsedItem;
  try {
    parsed = parsedAlready ?? parseItem(chunk);
  } catch (e) {
    if (!(e instanceof ItemSyntaxError)) throw e;
    return error(`input line ${e.line}: ${e.message}`, ref ? { resourceRef: ref } : {});
  }
  const before = snapshot(parsed.doc);
  const changes = filters.flatMap((filter) => filter({ doc: parsed.doc, node: parsed.node, role }));
  const resourceRef = ref ?? refOf(identity(parsed));
  return { ref: resourceRef, label: describeRef(resourceRef), changes, text: changes.length > 0 ? renderItem(parsed, chunk, before) : chunk.text };
}

/** A managed config the input lacks, made from the embedded base and then patched like the others. */
function addFromBase(role: ConfigRole, kserve: KServeSettings, filters: readonly Filter[], indent: number): Outcome | Result {
  const chunk: Chunk = { text: indentLines(documentAsItem(BASE_CONFIGS[role]), indent), indent, line: 0 };
  const name = configName(role, kserve);
  const outcome = patch(chunk, undefined, [setIdentity(name, kserve.namespace), ...filters], role);
  if ('severity' in outcome) return outcome;
  return { ...outcome, added: true, changes: [{ path: '', description: 'added from the embedded base (KServe v0.20.0)' }, ...outcome.changes] };
}

function identity(parsed: ParsedItem): { apiVersion?: string; kind?: string; name?: string; namespace?: string } {
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

function failedBeforeDecode(results: Result[]): RunOutput {
  return { text: encode(decode(EMPTY_LIST), { replaced: new Map(), added: [], results }), results, failed: true };
}
