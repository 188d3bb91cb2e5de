/**
 * What the overlay's parallelism does to each selected service, by the shape KServe gives it
 * (decided with the input's baseRefs merged over the service: plan/service-shape.ts).
 * A service without spec.prefill.worker runs as one pod per replica from the template config,
 * whose vLLM line renders no data-parallel flag (and --tensor-parallel-size only from v0.20.0):
 * those fields are not written into it (filters/set-prefill-parallelism.ts), and a warning says
 * why and what to set instead. A service with a baseRef the input lacks is written in full, and a
 * warning says its shape could not be decided.
 */
import type { Parallelism, PrefillOverlaySpec } from '../config/types';
import { refOf, warning, type Result } from '../krm/results';
import { DATA_PARALLEL_FIELDS, singlePodFields } from '../kserve/shape';
import type { Release } from '../kserve/releases';
import type { SelectedService } from './select-services';
import type { ServiceShape } from './service-shape';

export function shapeFindings(selected: readonly SelectedService[], spec: PrefillOverlaySpec, release: Release): Result[] {
  const p = spec.parallelism;
  if (!p) return [];
  const usable = singlePodFields(release);
  const unused = (Object.keys(p) as (keyof Parallelism)[]).filter((f) => p[f] !== undefined && !usable.includes(f));
  if (unused.length === 0) return [];
  const results: Result[] = [];
  for (const { item, shape } of selected) {
    if (shape?.shape === 'single-pod') results.push(warning(singlePodMessage(unused, release, shape), { resourceRef: refOf(item.id), field: { path: 'spec.prefill' } }));
    if (shape?.shape === 'unknown') results.push(warning(unknownShapeMessage(unused, shape), { resourceRef: refOf(item.id), field: { path: 'spec.baseRefs' } }));
  }
  return results;
}

function singlePodMessage(unused: readonly (keyof Parallelism)[], release: Release, shape: ServiceShape): string {
  const fields = overlayFields(unused);
  const dp = unused.filter((f) => DATA_PARALLEL_FIELDS.includes(f));
  const refs = shape.found.length > 0 ? ` (nor do its baseRefs ${shape.found.join(', ')})` : '';
  const tensor = unused.includes('tensor') ? ` KServe ${release.name}'s template config renders no --tensor-parallel-size (from v0.20.0 it does), so tensor was not written either.` : '';
  return (
    `${fields} not written into this service: it has no spec.prefill.worker${refs}, so KServe runs its prefill as one pod per replica from the template config ` +
    `(the data-parallel config is picked only for a service with spec.prefill.worker and data or dataLocal > 0), whose vLLM line has no data-parallel flag.${tensor} ` +
    (dp.length > 0
      ? `To run it data-parallel, add spec.prefill.worker to the service${refs ? ' or a baseRef' : ''}; to leave it single-pod, give the overlay spec.services.selector matching only the data-parallel services, and size this one with spec.resources.gpus = ${release.pods.template.template.rendersTensor ? 'its spec.parallelism.tensor' : '1 (one GPU: no tensor flag)'}.`
      : '')
  ).trim();
}

/** A baseRef the input lacks may supply the worker: the fields are written (as for a data-parallel service), and may do nothing. */
function unknownShapeMessage(unused: readonly (keyof Parallelism)[], shape: ServiceShape): string {
  const missing = shape.unresolved.join(', ');
  const one = shape.unresolved.length === 1;
  return (
    `${overlayFields(unused)} written into this service, but its shape could not be decided: KServe decides it on the service with its baseRefs merged over it, ` +
    `and baseRef ${missing} ${one ? 'is' : 'are'} not in the input (looked up in the service's namespace, then KServe's), so whether ${one ? 'it supplies' : 'one of them supplies'} spec.prefill.worker is not known. ` +
    `With a worker it runs data-parallel and uses them; without one KServe runs one pod per replica from the template config, whose vLLM line has no data-parallel flag, and they do nothing. ` +
    `Add ${missing} to the input to have the shape decided and checked, or set spec.prefill.worker on the service itself`
  );
}

function overlayFields(fields: readonly (keyof Parallelism)[]): string {
  return fields.map((f) => `spec.parallelism.${f}`).join(', ');
}
