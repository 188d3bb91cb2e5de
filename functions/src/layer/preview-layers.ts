/**
 * For the preview of a service with `spec.baseRefs`: the config KServe renders for it, which is
 * its well-known prefill config with each baseRef merged over it in order (the service's own
 * spec is merged afterwards by the preview, as for a service without baseRefs).
 */
import type { ConfigRole } from '../config/types';
import { KSERVE_DEFAULTS } from '../plan/managed';
import { mergeSpecs, obj } from '../validate/merged-view';
import { lookupIn } from './config-index';
import { baseRefNames, layeredView } from './layered-view';

type Obj = Record<string, unknown>;

export interface LayeredConfig {
  role: ConfigRole | undefined;
  config: Obj;
  from: string;
}

/** undefined for a service without baseRefs (the preview then picks the config as before). */
export function layeredConfigFor(service: Obj, resources: readonly Obj[]): LayeredConfig | undefined {
  if (baseRefNames(obj(service.spec) ?? {}).length === 0) return undefined;
  const view = layeredView(service, lookupIn(resources), KSERVE_DEFAULTS);
  const below = view.layers.filter((l) => l.kind !== 'service');
  const missing = view.unresolved.length > 0 ? ` (not in the input, left out: ${view.unresolved.join(', ')})` : '';
  const from = `${below.map((l) => l.label).join(' + ')}${missing}`;
  return { role: view.role, config: { metadata: { name: below[0]?.name ?? 'config' }, spec: mergeSpecs(...below.map((l) => l.spec)) }, from };
}
