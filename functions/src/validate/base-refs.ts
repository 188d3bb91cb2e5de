/**
 * The configs a service names in spec.baseRefs, from the input. KServe merges them in list order
 * after the well-known config and before the service, looking each up in the service's
 * namespace first, then in its own namespace (layer/layered-view.ts resolveBaseRef: the one rule,
 * which the shape decision uses too); the shape (which well-known config) is decided on the
 * service merged with them.
 */
import type { Item } from '../krm/item';
import { configIndex } from '../layer/config-index';
import { baseRefLayers, baseRefNames } from '../layer/layered-view';
import type { KServeSettings } from '../plan/managed';
import type { Resource } from './check-output';
import { obj } from './merged-view';

/** A service's baseRefs configs found in the input, in merge order, and the names not found. */
export type BaseRefs = (service: Resource) => { found: Resource[]; missing: string[] };

/**
 * baseRefs over the input's LLMInferenceServiceConfigs other than the managed ones (those are
 * checked as they go out, as the well-known configs). A config is parsed when a service names it;
 * one that cannot be read counts as absent (the patch stage reports unreadable items already).
 * The checks read a baseRef's spec and ref only.
 */
export function baseRefsIn(items: readonly Item[], managed: readonly number[], kserve: KServeSettings): BaseRefs {
  const { lookup } = configIndex(items.filter((item) => !managed.includes(item.index)));
  return (service) => {
    const { refs, unresolved } = baseRefLayers(service.value, lookup, kserve);
    return { found: refs.map((layer) => ({ ref: layer.ref, value: { spec: layer.spec } })), missing: unresolved };
  };
}

/** Without the input's configs: every baseRef is missing. */
export const noBaseRefs: BaseRefs = (service) => ({ found: [], missing: baseRefNames(obj(service.value.spec) ?? {}) });
