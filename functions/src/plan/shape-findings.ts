/**
 * What the overlay's parallelism does to each selected service, by the shape KServe gives it.
 * A service without spec.prefill.worker runs as one pod per replica from the template config,
 * whose vLLM line renders no data-parallel flag (and --tensor-parallel-size only from v0.20.0):
 * those fields are not written into it (filters/set-prefill-parallelism.ts), and a warning says
 * why and what to set instead.
 */
import { isMap, isSeq } from 'yaml';
import type { Parallelism, PrefillOverlaySpec } from '../config/types';
import { refOf, warning, type Result } from '../krm/results';
import { DATA_PARALLEL_FIELDS, shapeOf, singlePodFields } from '../kserve/shape';
import type { Release } from '../kserve/releases';
import type { SelectedService } from './select-services';

export function shapeFindings(selected: readonly SelectedService[], spec: PrefillOverlaySpec, release: Release): Result[] {
  const p = spec.parallelism;
  if (!p) return [];
  const usable = singlePodFields(release);
  const unused = (Object.keys(p) as (keyof Parallelism)[]).filter((f) => p[f] !== undefined && !usable.includes(f));
  if (unused.length === 0) return [];
  const results: Result[] = [];
  for (const { item, parsed } of selected) {
    const prefill = parsed.node.getIn(['spec', 'prefill'], true);
    const refs = parsed.node.getIn(['spec', 'baseRefs'], true);
    const shape = shapeOf({ hasWorker: isMap(prefill) && prefill.has('worker'), hasBaseRefs: isSeq(refs) && refs.items.length > 0 });
    if (shape !== 'single-pod') continue;
    results.push(warning(singlePodMessage(unused, release), { resourceRef: refOf(item.id), field: { path: 'spec.prefill' } }));
  }
  return results;
}

function singlePodMessage(unused: readonly (keyof Parallelism)[], release: Release): string {
  const fields = unused.map((f) => `spec.parallelism.${f}`).join(', ');
  const dp = unused.filter((f) => DATA_PARALLEL_FIELDS.includes(f));
  const tensor = unused.includes('tensor') ? ` KServe ${release.name}'s template config renders no --tensor-parallel-size (from v0.20.0 it does), so tensor was not written either.` : '';
  return (
    `${fields} not written into this service: it has no spec.prefill.worker, so KServe runs its prefill as one pod per replica from the template config ` +
    `(the data-parallel config is picked only for a service with spec.prefill.worker and data or dataLocal > 0), whose vLLM line has no data-parallel flag.${tensor} ` +
    (dp.length > 0
      ? `To run it data-parallel, add spec.prefill.worker to the service; to leave it single-pod, give the overlay spec.services.selector matching only the data-parallel services, and size this one with spec.resources.gpus = ${release.pods.template.template.rendersTensor ? 'its spec.parallelism.tensor' : '1 (one GPU: no tensor flag)'}.`
      : '')
  ).trim();
}
