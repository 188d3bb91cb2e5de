/**
 * Sets `spec.prefill.parallelism` and `spec.prefill.replicas` — of an LLMInferenceService, or of
 * the data-parallel config when no service is selected. Never the decode side's
 * `spec.parallelism`. Parallelism fields are merged key by key, like a strategic merge patch.
 */
import type { Parallelism } from '../config/types';
import { isSeq, type YAMLMap } from 'yaml';
import { ensureMap, setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';

const FIELDS: readonly (keyof Parallelism)[] = ['data', 'dataLocal', 'tensor', 'expert', 'dataRPCPort'];

/**
 * `singlePod`: the fields a service without spec.prefill.worker (and without baseRefs, which
 * could supply one) gets: KServe runs it as one pod from the template config, whose vLLM line
 * renders no data-parallel flag, so data, dataLocal, expert and dataRPCPort would only mislead
 * (plan/shape-findings.ts says so). Without it, every field is written.
 */
export function setPrefillParallelism(parallelism: Parallelism | undefined, replicas: number | undefined, singlePod?: readonly (keyof Parallelism)[]): Filter {
  return ({ doc, node }) => {
    const changes: Change[] = [];
    const prefill = ensureMap(doc, ensureMap(doc, node, 'spec'), 'prefill');
    const fields = singlePod && !prefill.has('worker') && !hasBaseRefs(node) ? FIELDS.filter((f) => singlePod.includes(f)) : FIELDS;
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

function hasBaseRefs(node: YAMLMap): boolean {
  const refs = node.getIn(['spec', 'baseRefs']);
  return isSeq(refs) && refs.items.length > 0;
}
