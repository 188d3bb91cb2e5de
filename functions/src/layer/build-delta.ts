/**
 * The starting point of a delta config: an LLMInferenceServiceConfig with exactly the pod specs of
 * its shape (template; template and worker for data-parallel: never a worker in the single-pod
 * delta, it would change the shape) and container `main`. The overlay's filters (the same ones
 * patch mode runs, plan/plan.ts) then write the overlay's keyed fields into it.
 *
 * Two fields are seeded from the well-known config first, because KServe's merge would otherwise
 * lose part of them:
 * - `securityContext.capabilities.add` (when RoCE is on): a list without a merge key is replaced
 *   whole, so the delta carries the well-known list plus IPC_LOCK, not IPC_LOCK alone;
 * - `VLLM_ADDITIONAL_ARGS` (when vllmArgs are set): env entries merge by name, so the delta's value
 *   replaces the well-known one; the overlay's arguments are appended to the well-known value.
 * Nothing else is copied: no command, args, probes or volumes the overlay does not set.
 */
import { posix } from 'node:path';
import { stringify } from 'yaml';
import { KPT_PATH } from '../filters/set-identity';
import { VLLM_ADDITIONAL_ARGS } from '../filters/append-vllm-args';
import { MAIN_CONTAINER } from '../filters/pod-templates';
import type { ConfigRole, PrefillOverlaySpec } from '../config/types';
import { CONFIG_KIND, KSERVE_GROUP } from '../plan/managed';
import { obj } from '../validate/merged-view';

type Obj = Record<string, unknown>;

export const DELTA_API_VERSION = `${KSERVE_GROUP}/v1alpha2`;

const PODS: Record<ConfigRole, readonly ('template' | 'worker')[]> = { template: ['template'], dataParallel: ['template', 'worker'] };

export interface DeltaIdentity {
  name: string;
  namespace: string | undefined;
  /** The kpt path of a service that uses it: the delta is written next to it. */
  servicePath: string | undefined;
  /**
   * kpt's and kustomize's annotations of the delta the input already has (path, index, id): kept,
   * so that a rebuilt delta stays in its file and the tools recognise it.
   */
  toolAnnotations?: Readonly<Record<string, string>>;
}

/** The delta's skeleton as a YAML document. */
export function deltaSkeleton(id: DeltaIdentity, role: ConfigRole, wellKnown: Obj, spec: PrefillOverlaySpec): string {
  const prefill = obj(wellKnown.prefill) ?? {};
  const pods: Obj = {};
  for (const pod of PODS[role]) pods[pod] = { containers: [seededMain(mainOf(obj(prefill[pod])), spec)] };
  const path = kptPath(id);
  const annotations = id.toolAnnotations && Object.keys(id.toolAnnotations).length > 0 ? { ...id.toolAnnotations } : path !== undefined ? { [KPT_PATH]: path } : undefined;
  const metadata: Obj = { name: id.name, ...(id.namespace !== undefined ? { namespace: id.namespace } : {}), ...(annotations ? { annotations } : {}) };
  return stringify({ apiVersion: DELTA_API_VERSION, kind: CONFIG_KIND, metadata, spec: { prefill: pods } });
}

/**
 * Under kpt (whose items all carry a path): next to the first service that uses the delta. Without
 * kpt (kustomize, the file mode) there is no path to set, and none is written: the annotation
 * would otherwise reach the cluster through the file mode's output.
 */
export function kptPath(id: DeltaIdentity): string | undefined {
  return id.servicePath !== undefined ? posix.join(posix.dirname(id.servicePath), `${id.name}.yaml`) : undefined;
}

function seededMain(wellKnownMain: Obj | undefined, spec: PrefillOverlaySpec): Obj {
  const main: Obj = { name: MAIN_CONTAINER };
  const args = (Array.isArray(wellKnownMain?.env) ? wellKnownMain.env : []).map(obj).find((e) => e?.name === VLLM_ADDITIONAL_ARGS);
  if (spec.vllmArgs !== undefined && spec.vllmArgs.length > 0 && typeof args?.value === 'string' && args.value !== '') main.env = [{ name: VLLM_ADDITIONAL_ARGS, value: args.value }];
  const add = obj(obj(wellKnownMain?.securityContext)?.capabilities)?.add;
  if (spec.roce?.enabled === true && Array.isArray(add) && add.length > 0) main.securityContext = { capabilities: { add: [...add] } };
  return main;
}

/** Annotations of kpt and kustomize: bookkeeping of the tools, not part of what a resource says. */
export function isToolAnnotation(key: string): boolean {
  return /^(internal\.)?config\.kubernetes\.io\/|^kustomize\.config\.k8s\.io\/|^config\.k8s\.io\//.test(key);
}

function mainOf(pod: Obj | undefined): Obj | undefined {
  return (Array.isArray(pod?.containers) ? pod.containers : []).map(obj).find((c) => c?.name === MAIN_CONTAINER);
}

/** The well-known VLLM_ADDITIONAL_ARGS value the delta builds on (per pod), for the result that says so. */
export function wellKnownVllmArgs(wellKnown: Obj): string | undefined {
  const prefill = obj(wellKnown.prefill) ?? {};
  const entry = (Array.isArray(mainOf(obj(prefill.template))?.env) ? (mainOf(obj(prefill.template))?.env as unknown[]) : []).map(obj).find((e) => e?.name === VLLM_ADDITIONAL_ARGS);
  return typeof entry?.value === 'string' ? entry.value : undefined;
}
