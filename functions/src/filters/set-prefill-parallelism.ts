/**
 * Sets `spec.prefill.parallelism` and `spec.prefill.replicas` — of an LLMInferenceService, or of
 * the data-parallel config when no service is selected. Never the decode side's
 * `spec.parallelism`. Parallelism fields are merged key by key, like a strategic merge patch.
 */
import type { Parallelism } from '../config/types';
import { ensureMap, setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';

const FIELDS: readonly (keyof Parallelism)[] = ['data', 'dataLocal', 'tensor', 'expert', 'dataRPCPort'];

export function setPrefillParallelism(parallelism: Parallelism | undefined, replicas: number | undefined): Filter {
  return ({ doc, node }) => {
    const changes: Change[] = [];
    const prefill = ensureMap(doc, ensureMap(doc, node, 'spec'), 'prefill');
    if (parallelism) {
      const target = ensureMap(doc, prefill, 'parallelism');
      for (const field of FIELDS) {
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
