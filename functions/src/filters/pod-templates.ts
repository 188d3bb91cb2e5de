/**
 * Where the pod specs are in a prefill config: `spec.prefill.template` (the single-pod worker, or
 * the LeaderWorkerSet leader of the data-parallel config) and `spec.prefill.worker`.
 */
import { isMap, isNode, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { ensureSeq, findNamed, mapAt, newNode, scalarAt, seqAt } from '../yaml/nodes';

/** The container every managed setting applies to; sidecars and init containers are left alone. */
export const MAIN_CONTAINER = 'main';

export interface PodTemplate {
  /** Field path of the pod spec, e.g. spec.prefill.worker. */
  path: string;
  spec: YAMLMap;
}

const POD_KEYS = ['template', 'worker'] as const;

/**
 * An edit the overlay asks for that would not take effect (no pod spec to set it in, a second
 * container main that Kubernetes would reject): the run fails with this message at `path`.
 * Thrown by the filters, turned into an error result on the item by the patch stage.
 */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly path: string,
    /** Offset in the item's text of the node concerned, when there is one. */
    readonly offset?: number,
  ) {
    super(message);
  }
}

/**
 * The pod specs of the item, for a filter that sets pod fields. A pod key that is there but not a
 * mapping (`template: null`), or a config with no pod spec at all, is a TargetError: the setting
 * would silently not apply.
 */
export function podTemplates(item: YAMLMap): PodTemplate[] {
  const spec = mapAt(item, 'spec');
  const prefill = spec && mapAt(spec, 'prefill');
  const found: PodTemplate[] = [];
  for (const key of POD_KEYS) {
    const node: unknown = prefill?.get(key, true);
    const pod = prefill && mapAt(prefill, key);
    if (pod) found.push({ path: `spec.prefill.${key}`, spec: checkedMains(pod, `spec.prefill.${key}`) });
    else if (prefill?.has(key)) throw new TargetError(`spec.prefill.${key} is ${describe(node)}, not a pod spec: the overlay's pod settings would not apply (give it a pod spec, or leave this config out with spec.configs)`, `spec.prefill.${key}`, rangeStart(node));
  }
  if (found.length === 0) throw new TargetError('this config has no pod spec (spec.prefill.template or spec.prefill.worker): the overlay\'s pod settings would not apply (give it one, or leave this config out with spec.configs)', prefill ? 'spec.prefill' : spec ? 'spec' : '', rangeStart(prefill ?? spec));
  return found;
}

function describe(node: unknown): string {
  if (isScalar(node)) return node.value === null ? 'null' : `the scalar ${JSON.stringify(node.value)}`;
  return isSeq(node) ? 'a list' : 'not a mapping';
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

/**
 * A pod spec with at most one container named main. Two are a TargetError: Kubernetes rejects
 * duplicate container names, and editing the first one only would be half an edit.
 */
function checkedMains(pod: YAMLMap, podPath: string): YAMLMap {
  const containers = seqAt(pod, 'containers');
  const mains = containers ? containers.items.filter((c) => isMap(c) && scalarAt(c, 'name') === MAIN_CONTAINER) : [];
  if (mains.length > 1) throw new TargetError(`${podPath} has ${mains.length} containers named ${MAIN_CONTAINER}: Kubernetes rejects duplicate container names; keep one`, `${podPath}.containers`, rangeStart(mains[1]));
  return pod;
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

