/**
 * Stage "patch", for the whole run: the managed configs, the configs to add, the selected
 * services and (layer mode) the deltas, in that order; each is linted as it goes out.
 */
import type { ConfigRole } from '../config/types';
import type { Item } from '../krm/item';
import { refOf, type Result } from '../krm/results';
import type { DollarCounts } from '../validate/dollar-text';
import type { Resource } from '../validate/check-output';
import { addFromBase } from './add-from-base';
import { lintContextOf, lintResource } from './lint-resource';
import { patcher, type Outcome, type Patch } from './patch-item';
import type { RunPlan } from './plan-run';
import type { ConfigRead } from './read-input';

export interface PatchedItems {
  /** Each item's lint findings, or the error that stopped its patch, in the order patched. */
  results: Result[];
  /** The resources that changed (added ones included), for the output and the summary. */
  outcomes: Outcome[];
  /** New text of input items, by index. */
  replaced: Map<number, string>;
  /** The managed configs as they go out (changed or not), for the validate stage. */
  configs: Map<ConfigRole, Resource>;
  /** The selected services as they go out, by input index. */
  services: Map<number, Resource>;
  /** Layer mode's delta configs as they go out (none in patch mode). */
  deltas: Resource[];
  /** The `$` / `{{` texts each linted resource carries. */
  counts: DollarCounts[];
}

/** One patched item: the input item it replaces (undefined for a new one) and what came of it. */
interface Emit {
  index: number | undefined;
  outcome: Outcome | Result;
}

export function patchItems(items: readonly Item[], run: RunPlan, cfg: ConfigRead): PatchedItems {
  const { spec } = cfg.config;
  const counts: DollarCounts[] = [];
  const lintCtx = lintContextOf(spec, cfg.variables);
  const escaped = spec.pipeline?.engine === 'flux' && spec.pipeline.flux?.substitution === 'escape';
  const patch = patcher(escaped, (parsed, ref, role) => {
    const linted = lintResource(parsed, ref, role, lintCtx, run.release);
    counts.push(linted.counts);
    return linted.findings;
  });
  // Added resources line up with the input's items.
  const indent = items[0]?.chunk.indent ?? 0;
  const configs = patchConfigs(patch, run, indent);
  const { planned } = run;
  const services = run.services.selected.map(({ item, parsed }) => ({ index: item.index, outcome: patch(item.chunk, parsed, planned.serviceFilters, 'service', refOf(item.id)) }));
  // After the services: the deltas are those of the shapes the patched services use.
  const deltas = run.layer?.deltas(patch, indent) ?? { emits: [], resources: [] };
  return {
    ...collect([...configs, ...services, ...deltas.emits]),
    configs: resourcesBy(configs, (c) => c.role),
    services: resourcesBy(services, (s) => s.index),
    deltas: deltas.resources,
    counts,
  };
}

/** The managed configs of the input, then those added from the embedded base. */
function patchConfigs(patch: Patch, run: RunPlan, indent: number): (Emit & { role: ConfigRole })[] {
  const { planned } = run;
  const managed = planned.managed.map(({ item, role }) => ({ role, index: item.index, outcome: patch(item.chunk, undefined, planned.filters[role], role, refOf(item.id)) }));
  const added = planned.missing.map((role) => ({ role, index: undefined, outcome: addFromBase(patch, role, planned.kserve, planned.filters[role], indent) }));
  return [...managed, ...added];
}

/** Results in patch order; only resources with changes replace their item or get added. */
function collect(emits: readonly Emit[]): Pick<PatchedItems, 'results' | 'outcomes' | 'replaced'> {
  const results: Result[] = [];
  const outcomes: Outcome[] = [];
  const replaced = new Map<number, string>();
  for (const { index, outcome } of emits) {
    if ('severity' in outcome) {
      results.push(outcome);
      continue;
    }
    results.push(...outcome.findings);
    if (outcome.changes.length === 0) continue;
    outcomes.push(outcome);
    if (index !== undefined) replaced.set(index, outcome.text);
  }
  return { results, outcomes, replaced };
}

/** The resources that were patched without an error, as they go out. */
function resourcesBy<E extends Emit, K>(emits: readonly E[], key: (e: E) => K): Map<K, Resource> {
  const out = new Map<K, Resource>();
  for (const e of emits) if (!('severity' in e.outcome)) out.set(key(e), e.outcome);
  return out;
}
