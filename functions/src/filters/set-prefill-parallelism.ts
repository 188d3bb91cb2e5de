/**
 * Sets `spec.prefill.parallelism` and `spec.prefill.replicas` — of an LLMInferenceService, or of
 * the data-parallel config when no service is selected. Never the decode side's
 * `spec.parallelism`. Parallelism fields are merged key by key, like a strategic merge patch.
 */
import type { Parallelism } from '../config/types';
import { decideAlone, type ShapeDecider } from '../plan/service-shape';
import { shapeView } from '../plan/shape-view';
import { ensureMap, setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';

const FIELDS: readonly (keyof Parallelism)[] = ['data', 'dataLocal', 'tensor', 'expert', 'dataRPCPort'];

/**
 * `singlePod`: the fields a single-pod service gets: KServe runs a service without
 * spec.prefill.worker (once its baseRefs are merged over it) as one pod from the template config,
 * whose vLLM line renders no data-parallel flag, so data, dataLocal, expert and dataRPCPort would
 * only mislead (plan/shape-findings.ts says so). `decide` tells the shape (plan/service-shape.ts);
 * by default every baseRef counts as not found, and a service whose shape is not known is written
 * in full. Without `singlePod`, every field is written.
 */
export function setPrefillParallelism(parallelism: Parallelism | undefined, replicas: number | undefined, singlePod?: readonly (keyof Parallelism)[], decide: ShapeDecider = decideAlone): Filter {
  return ({ doc, node }) => {
    const changes: Change[] = [];
    const prefill = ensureMap(doc, ensureMap(doc, node, 'spec'), 'prefill');
    const fields = singlePod && decide(shapeView(doc, node)).shape === 'single-pod' ? FIELDS.filter((f) => singlePod.includes(f)) : FIELDS;
    if (parallelism && fields.some((f) => parallelism[f] !== undefined)) {
      const target = ensureMap(doc, prefill, 'parallelism');
      for (const field of fields) {
        const value = parallelism[field];
        if (value === undefined) continue;
        if (setScalar(target, field, value) !== unchanged) {
          changes.push({ path: `spec.prefill.parallelism.${field}`, description: `parallelism.${field}=${String(value)}` });
        }
      }
    }
    if (replicas !== undefined && setScalar(prefill, 'replicas', replicas) !== unchanged) {
      changes.push({ path: 'spec.prefill.replicas', description: `replicas=${replicas}` });
    }
    return changes;
  };
}
