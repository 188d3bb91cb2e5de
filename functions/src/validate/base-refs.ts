/**
 * The configs a service names in spec.baseRefs, from the input. KServe merges them in list order
 * after the well-known config and before the service, looking each up in the service's
 * namespace first, then in its own namespace; the shape (which well-known config) is decided on
 * the service merged with them.
 */
import { ItemSyntaxError, parseItem, type Item } from '../krm/item';
import { LimitExceeded, toPlain } from '../krm/limits';
import { refOf } from '../krm/results';
import type { Resource } from './check-output';
import { obj } from './merged-view';

type Obj = Record<string, unknown>;

/**
 * The input's LLMInferenceServiceConfigs other than the managed ones, parsed only when a service
 * names baseRefs (the only use). An item that cannot be read is left out: the patch stage
 * reports unreadable items already.
 */
export function baseRefCandidates(items: readonly Item[], services: readonly Resource[], managed: readonly number[]): Resource[] {
  if (!services.some((s) => Array.isArray(obj(s.value.spec)?.baseRefs))) return [];
  const out: Resource[] = [];
  for (const item of items) {
    if (item.id.kind !== 'LLMInferenceServiceConfig' || managed.includes(item.index)) continue;
    try {
      const parsed = parseItem(item.chunk);
      out.push({ ref: refOf(item.id), value: toPlain(parsed.doc, parsed.node) as Obj });
    } catch (e) {
      if (!(e instanceof ItemSyntaxError) && !(e instanceof LimitExceeded)) throw e;
    }
  }
  return out;
}

/** A service's baseRefs configs found in the input, in merge order, and the names not found. */
export function resolveBaseRefs(service: Resource, others: readonly Resource[]): { found: Resource[]; missing: string[] } {
  const refs = obj(service.value.spec)?.baseRefs;
  const names = Array.isArray(refs) ? refs.map((r) => String(obj(r)?.name ?? '')) : [];
  const namespace = obj(service.value.metadata)?.namespace;
  const found: Resource[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const named = others.filter((c) => obj(c.value.metadata)?.name === name);
    const hit = named.find((c) => obj(c.value.metadata)?.namespace === namespace) ?? named[0];
    if (hit) found.push(hit);
    else missing.push(name);
  }
  return { found, missing };
}
