/**
 * Merges labels and annotations, key by key, into `spec.prefill.labels` and
 * `spec.prefill.annotations` of the config: KServe's workload-level metadata for the prefill pods
 * (not pod-spec fields, and not the config's own metadata). Keys not named in the config are kept;
 * the maps are created when absent (and only when there is a key to set). A config without a
 * `spec.prefill` mapping is left alone, as the pod filters leave it.
 */
import type { Document, YAMLMap } from 'yaml';
import { ensureMap, mapAt, setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';

export interface WorkloadMetadata {
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
}

export function mergeWorkloadMetadata({ labels, annotations }: WorkloadMetadata): Filter {
  return ({ doc, node }) => {
    const spec = mapAt(node, 'spec');
    const prefill = spec && mapAt(spec, 'prefill');
    if (!prefill) return [];
    return [...merge(doc, prefill, 'labels', 'label', labels), ...merge(doc, prefill, 'annotations', 'annotation', annotations)];
  };
}

function merge(doc: Document, prefill: YAMLMap, key: string, noun: string, values: Readonly<Record<string, string>> | undefined): Change[] {
  const changes: Change[] = [];
  for (const [name, value] of Object.entries(values ?? {})) {
    if (setScalar(ensureMap(doc, prefill, key), name, value) === unchanged) continue;
    changes.push({ path: `spec.prefill.${key}.${name}`, description: `prefill ${noun} ${name}=${value}` });
  }
  return changes;
}
