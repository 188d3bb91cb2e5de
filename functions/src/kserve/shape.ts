/**
 * Which prefill config KServe picks for a service, and which overlay parallelism fields the vLLM
 * line of that config renders. KServe decides the shape on the service merged with its baseRefs:
 * no spec.prefill.worker -> the template config (one pod per replica); a worker and data or
 * dataLocal > 0 -> the data-parallel config. The templates render from the service's own spec.
 */
import type { Parallelism } from '../config/types';
import type { Release } from './releases';

export type PrefillShape = 'single-pod' | 'data-parallel' | 'unknown';

/**
 * Facts of a service merged with the baseRefs that could be looked up (plan/service-shape.ts).
 * `unresolvedBaseRefs`: a baseRef that could not be looked up may supply the worker, so without
 * one the shape is not known.
 */
export interface ShapeFacts {
  hasWorker: boolean;
  unresolvedBaseRefs: boolean;
}

export function shapeOf(facts: ShapeFacts): PrefillShape {
  if (facts.hasWorker) return 'data-parallel';
  return facts.unresolvedBaseRefs ? 'unknown' : 'single-pod';
}

export const DATA_PARALLEL_FIELDS: readonly (keyof Parallelism)[] = ['data', 'dataLocal', 'expert', 'dataRPCPort'];

/** The overlay parallelism fields a single-pod service can use on `release`: tensor where the template config renders it. */
export function singlePodFields(release: Release): readonly (keyof Parallelism)[] {
  return release.pods.template.template.rendersTensor ? ['tensor'] : [];
}
