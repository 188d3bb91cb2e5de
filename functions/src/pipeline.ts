/**
 * The function, end to end: decode -> read config -> plan -> patch -> encode.
 * Pure over text: the CLI (cli/) owns stdin, stdout and the exit code.
 */
import { readConfig } from './config/read-config';
import type { Change } from './filters/filter';
import { decode, DecodeError, type ResourceList } from './krm/decode';
import { encode } from './krm/encode';
import { ItemSyntaxError, parseItem, renderItem } from './krm/item';
import { error, hasErrors, info, refOf, type Result } from './krm/results';
import { plan, type ManagedConfig } from './plan/plan';
import type { Filter } from './filters/filter';
import { snapshot } from './yaml/reprint';

export interface RunOutput {
  /** The ResourceList to write to stdout. */
  text: string;
  results: Result[];
  /** True when a result has severity error: the CLI exits 1. */
  failed: boolean;
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

function transform(list: ResourceList): RunOutput {
  const unchangedOutput = (results: Result[]): RunOutput => ({ text: encode(list, { replaced: new Map(), added: [], results }), results, failed: hasErrors(results) });
  const cfg = readConfig(list.functionConfig);
  if (cfg.results) return unchangedOutput(cfg.results);
  const planned = plan(list.items, cfg.config);
  const results: Result[] = [...planned.results];
  const replaced = new Map<number, string>();
  const changed: { target: ManagedConfig; changes: Change[] }[] = [];
  for (const target of planned.managed) {
    const outcome = patch(target, planned.filters);
    if ('error' in outcome) {
      results.push(outcome.error);
      continue;
    }
    if (outcome.changes.length === 0) continue;
    replaced.set(target.item.index, outcome.text);
    changed.push({ target, changes: outcome.changes });
  }
  results.push(...summarise(cfg.config.spec.overlay, planned.managed, changed));
  // Nothing is half-applied: with any error, every item goes out as it came in.
  if (hasErrors(results)) return unchangedOutput(results);
  return { text: encode(list, { replaced, added: [], results }), results, failed: false };
}

type PatchOutcome = { changes: Change[]; text: string } | { error: Result };

/** Stage "patch": runs the filters over one managed config. */
function patch({ item, role }: ManagedConfig, filters: readonly Filter[]): PatchOutcome {
  try {
    const parsed = parseItem(item.chunk);
    const before = snapshot(parsed.doc);
    const changes = filters.flatMap((filter) => filter({ doc: parsed.doc, node: parsed.node, role }));
    return { changes, text: changes.length > 0 ? renderItem(parsed, item.chunk, before) : item.chunk.text };
  } catch (e) {
    if (!(e instanceof ItemSyntaxError)) throw e;
    return { error: error(`input line ${e.line}: ${e.message}`, { resourceRef: refOf(item.id) }) };
  }
}

function summarise(overlay: string, managed: readonly ManagedConfig[], changed: { target: ManagedConfig; changes: Change[] }[]): Result[] {
  const perConfig = changed.map(({ target, changes }) =>
    info(describeChanges(changes), { resourceRef: refOf(target.item.id) }),
  );
  const total = info(`overlay ${overlay}: ${managed.length} managed config(s), ${changed.length} changed, ${changed.reduce((n, c) => n + c.changes.length, 0)} field(s) set`);
  return [...perConfig, total];
}

/** "env A (spec.prefill.template, spec.prefill.worker); image x" — one entry per distinct edit. */
function describeChanges(changes: readonly Change[]): string {
  const where = new Map<string, string[]>();
  for (const c of changes) where.set(c.description, [...(where.get(c.description) ?? []), podOf(c.path)].filter(Boolean));
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
