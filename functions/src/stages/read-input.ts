/**
 * Stages "check items" and "read config": every item a KRM resource and unique, and a valid
 * functionConfig. Either fails the run before anything is planned.
 */
import { readConfig, type ConfigOutcome } from '../config/read-config';
import { checkItems } from '../krm/check-items';
import type { ResourceList } from '../krm/decode';
import { hasErrors, type Result } from '../krm/results';
import { configMapLookup } from '../variables/report';
import type { Env } from '../variables/resolve';

/** A config that was read: the overlay, its resolved variables and where they are used. */
export type ConfigRead = Exclude<ConfigOutcome, { results: Result[] }>;

export type InputRead = { config: ConfigRead; problems?: undefined } | { problems: Result[] };

export function readInput(list: ResourceList, env: Env): InputRead {
  // Items that are not KRM resources, or duplicates: reported with the config's own problems.
  const itemProblems = checkItems(list.items);
  const cfg = readConfig(list.functionConfig, { env, configMaps: configMapLookup(list.items) });
  if (cfg.results) return { problems: [...itemProblems, ...cfg.results] };
  if (hasErrors(itemProblems)) return { problems: itemProblems };
  return { config: cfg };
}
