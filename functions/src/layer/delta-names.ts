/**
 * What layer mode calls its delta configs: one per overlay and shape, in the namespace of the
 * services that use it. The names never look like KServe's well-known configs
 * (<prefix>config-llm-...): a config of that name in an application namespace would shadow the
 * cluster default for every service there.
 */
import type { ConfigRole } from '../config/types';
import { configName, type KServeSettings } from '../plan/managed';

const SUFFIX: Record<ConfigRole, string> = { template: '-prefill', dataParallel: '-prefill-data-parallel' };

export function deltaName(overlay: string, role: ConfigRole): string {
  return overlay + SUFFIX[role];
}

/** Both delta names of an overlay (a service points at one of them). */
export function deltaNames(overlay: string): Set<string> {
  return new Set([deltaName(overlay, 'template'), deltaName(overlay, 'dataParallel')]);
}

/** A problem when a delta name would read as a well-known config of this KServe, else undefined. */
export function wellKnownLookalike(overlay: string, kserve: KServeSettings): string | undefined {
  const wellKnownStem = `${kserve.configPrefix}config-llm-`;
  for (const role of ['template', 'dataParallel'] as const) {
    const name = deltaName(overlay, role);
    if (name === configName('template', kserve) || name === configName('dataParallel', kserve) || name.startsWith(wellKnownStem)) {
      return `the layer-mode delta would be named ${name}, like KServe's well-known configs (${wellKnownStem}...): choose another spec.overlay`;
    }
  }
  return undefined;
}
