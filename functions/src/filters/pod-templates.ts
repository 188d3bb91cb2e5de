/**
 * Where the pod specs are in a prefill config: `spec.prefill.template` (the single-pod worker, or
 * the LeaderWorkerSet leader of the data-parallel config) and `spec.prefill.worker`.
 */
import type { Document, YAMLMap } from 'yaml';
import { ensureSeq, findNamed, mapAt, newNode } from '../yaml/nodes';

/** The container every managed setting applies to; sidecars and init containers are left alone. */
export const MAIN_CONTAINER = 'main';

export interface PodTemplate {
  /** Field path of the pod spec, e.g. spec.prefill.worker. */
  path: string;
  spec: YAMLMap;
}

const POD_KEYS = ['template', 'worker'] as const;

/** The pod specs present in the item. */
export function podTemplates(item: YAMLMap): PodTemplate[] {
  const prefill = mapAt(item, 'spec') && mapAt(mapAt(item, 'spec') as YAMLMap, 'prefill');
  if (!prefill) return [];
  const found: PodTemplate[] = [];
  for (const key of POD_KEYS) {
    const spec = mapAt(prefill, key);
    if (spec) found.push({ path: `spec.prefill.${key}`, spec });
  }
  return found;
}

/** Container "main" of a pod spec, created (name only) if the pod spec has none. */
export function mainContainer(doc: Document, pod: YAMLMap): YAMLMap {
  const containers = ensureSeq(doc, pod, 'containers');
  const found = findNamed(containers, MAIN_CONTAINER);
  if (found) return found;
  const created = newNode(doc, { name: MAIN_CONTAINER }) as YAMLMap;
  containers.add(created);
  return created;
}

/** Field path of container main within a pod spec path. */
export function mainPath(podPath: string): string {
  return `${podPath}.containers[name=${MAIN_CONTAINER}]`;
}

