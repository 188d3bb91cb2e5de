/** Stage "summarise": the info results that say what the run did, per resource and in all. */
import type { PrefillOverlay } from '../config/types';
import type { Change } from '../filters/filter';
import { info, type ResourceRef, type Result } from '../krm/results';
import type { DollarCounts } from '../validate/dollar-text';

/** What `summarise` reads of a changed resource (stages/patch-item.ts's Outcome). */
export interface Changed {
  ref: ResourceRef | undefined;
  changes: readonly Change[];
  added?: boolean;
}

/** `managed`: how many managed configs the input has (patch mode). */
export function summarise(config: PrefillOverlay, outcomes: readonly Changed[], managed: number): Result[] {
  const perResource = outcomes.map((o) => info(describeChanges(o.changes), o.ref ? { resourceRef: o.ref } : {}));
  const fields = outcomes.reduce((n, o) => n + o.changes.filter((c) => c.path !== '').length, 0);
  const services = outcomes.filter((o) => o.ref?.kind === 'LLMInferenceService').length;
  const configs = config.spec.mode === 'layer' ? deltaCounts(outcomes) : [`${managed} managed config(s)`, `${outcomes.filter((o) => o.added).length} added`];
  const parts = [...configs, `${services} service(s) patched`, `${outcomes.length} resource(s) changed`, `${fields} field(s) set`];
  return [...perResource, info(`overlay ${config.spec.overlay}: ${parts.join(', ')}`)];
}

/**
 * Layer mode leaves the managed configs alone: what it writes are delta configs, new or rebuilt
 * in place. (The changed resources that are not services are the deltas.)
 */
function deltaCounts(outcomes: readonly Changed[]): string[] {
  const deltas = outcomes.filter((o) => o.ref?.kind !== 'LLMInferenceService');
  const added = deltas.filter((o) => o.added).length;
  return [`${added} delta config(s) added`, `${deltas.length - added} rebuilt`];
}

/** How many `$`/`{{` texts of each kind the managed resources carry, for the reader. */
export function dollarSummary(counts: readonly DollarCounts[]): Result {
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
