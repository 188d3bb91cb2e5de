/**
 * Which items are the prefill configs this function manages. KServe picks them by name
 * (<LLM_INFERENCE_SERVICE_CONFIG_PREFIX>config-llm-prefill-...) in its own namespace.
 */
import type { Identity } from '../krm/identity';

import type { ConfigRole } from '../config/types';
import { DEFAULT_RELEASE, type ReleaseName } from '../kserve/releases';

export type { ConfigRole };

export const CONFIG_ROLES: readonly ConfigRole[] = ['template', 'dataParallel'];

export const CONFIG_SUFFIX: Record<ConfigRole, string> = {
  template: 'config-llm-prefill-template',
  dataParallel: 'config-llm-prefill-worker-data-parallel',
};

export const CONFIG_KIND = 'LLMInferenceServiceConfig';
export const KSERVE_GROUP = 'serving.kserve.io';

export interface KServeSettings {
  namespace: string;
  configPrefix: string;
  /** The controller release the output is for (spec.kserve.version). */
  version: ReleaseName;
}

export const KSERVE_DEFAULTS: KServeSettings = { namespace: 'kserve', configPrefix: 'kserve-', version: DEFAULT_RELEASE };

export function configName(role: ConfigRole, kserve: KServeSettings): string {
  return kserve.configPrefix + CONFIG_SUFFIX[role];
}

/** The role of a managed config, or undefined for any other item. An item without a namespace
 *  counts as in KServe's namespace: kustomize and kpt packages often set it later. */
export function roleOf(id: Identity, kserve: KServeSettings): ConfigRole | undefined {
  if (id.kind !== CONFIG_KIND || !id.apiVersion?.startsWith(`${KSERVE_GROUP}/`)) return undefined;
  if (id.namespace !== undefined && id.namespace !== kserve.namespace) return undefined;
  return CONFIG_ROLES.find((role) => id.name === configName(role, kserve));
}
