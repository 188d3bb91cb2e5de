/**
 * The shape KServe gives a service, decided as the controller decides it: on the service with its
 * baseRefs merged over it (a baseRef may supply spec.prefill.worker). The baseRefs are looked up
 * in the input the way KServe looks them up (layer/layered-view.ts: the service's namespace, then
 * KServe's); one the input lacks may supply the worker, and then the shape is unknown unless
 * another layer already supplies it. The patch filter and the shape findings both decide here.
 */
import type { Item } from '../krm/item';
import { configIndex } from '../layer/config-index';
import { baseRefLayers } from '../layer/layered-view';
import type { ConfigLookup } from '../layer/well-known';
import { shapeOf, type PrefillShape } from '../kserve/shape';
import { mergeSpecs, obj } from '../validate/merged-view';
import { KSERVE_DEFAULTS, type KServeSettings } from './managed';

type Obj = Record<string, unknown>;

export interface ServiceShape {
  shape: PrefillShape;
  /** The names of the baseRefs found, in list order. */
  found: string[];
  /** The baseRefs the input does not have. */
  unresolved: string[];
}

/** Decides the shape of a service given as plain data. */
export type ShapeDecider = (service: Obj) => ServiceShape;

export function serviceShape(service: Obj, lookup: ConfigLookup, kserve: KServeSettings): ServiceShape {
  const { refs, unresolved } = baseRefLayers(service, lookup, kserve);
  const merged = mergeSpecs(...refs.map((l) => l.spec), obj(service.spec) ?? {});
  const worker = obj(merged.prefill)?.worker;
  return {
    shape: shapeOf({ hasWorker: worker !== undefined && worker !== null, unresolvedBaseRefs: unresolved.length > 0 }),
    found: refs.map((l) => l.name),
    unresolved,
  };
}

/**
 * A decider over the input's LLMInferenceServiceConfigs (parsed only when a baseRef names one).
 * `ignored`: baseRefs left out of the decision (layer mode's own deltas, which follow the shape
 * rather than decide it: layer/append-base-ref.ts does the same).
 */
export function shapeDeciderFor(items: readonly Item[], kserve: KServeSettings, ignored: ReadonlySet<string> = new Set()): ShapeDecider {
  const { lookup } = configIndex(items);
  return (service) => serviceShape(withoutBaseRefs(service, ignored), lookup, kserve);
}

function withoutBaseRefs(service: Obj, ignored: ReadonlySet<string>): Obj {
  const spec = obj(service.spec);
  if (ignored.size === 0 || !spec || !Array.isArray(spec.baseRefs)) return service;
  return { ...service, spec: { ...spec, baseRefs: spec.baseRefs.filter((r) => !ignored.has(String(obj(r)?.name))) } };
}

/** Without the input's configs: every baseRef is unresolved. */
export const decideAlone: ShapeDecider = (service) => serviceShape(service, () => undefined, KSERVE_DEFAULTS);
