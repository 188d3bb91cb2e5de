/**
 * Stage "plan": finds the managed configs among the items and decides which filters run on them.
 * It reads only identities, so it never parses an item.
 */
import type { PrefillOverlay } from '../config/types';
import type { Filter } from '../filters/filter';
import { mergeEnv } from '../filters/merge-env';
import { setImage } from '../filters/set-image';
import { setOverlayLabel } from '../filters/set-overlay-label';
import type { Item } from '../krm/item';
import { error, refOf, warning, type Result } from '../krm/results';
import { CONFIG_ROLES, configName, KSERVE_DEFAULTS, roleOf, type ConfigRole, type KServeSettings } from './managed';

export interface ManagedConfig {
  item: Item;
  role: ConfigRole;
}

export interface Plan {
  managed: ManagedConfig[];
  /** Filters in the order they run, the same for every managed config. */
  filters: Filter[];
  results: Result[];
}

export function plan(items: readonly Item[], config: PrefillOverlay): Plan {
  const kserve: KServeSettings = KSERVE_DEFAULTS;
  const managed: ManagedConfig[] = [];
  const results: Result[] = [];
  for (const item of items) {
    const role = roleOf(item.id, kserve);
    if (!role) continue;
    const twin = managed.find((m) => m.role === role);
    if (twin) {
      results.push(error(`duplicate ${configName(role, kserve)}: items ${twin.item.index} and ${item.index} are both in namespace ${kserve.namespace}`, { resourceRef: refOf(item.id) }));
      continue;
    }
    managed.push({ item, role });
  }
  for (const role of CONFIG_ROLES) {
    if (!managed.some((m) => m.role === role)) {
      results.push(warning(`${configName(role, kserve)} (namespace ${kserve.namespace}) is not in the input: nothing to patch for it`));
    }
  }
  return { managed, filters: filtersFor(config), results };
}

function filtersFor({ spec }: PrefillOverlay): Filter[] {
  const filters: Filter[] = [setOverlayLabel(spec.overlay)];
  if (spec.image !== undefined) filters.push(setImage(spec.image));
  if (spec.env !== undefined) filters.push(mergeEnv(spec.env));
  return filters;
}
