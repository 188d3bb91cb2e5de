/**
 * The declared release's well-known prefill config for a role, as KServe finds it for a service:
 * the input's copy when the input has one (a config in the service's namespace first, then in
 * KServe's namespace, the controller's lookup order), else the embedded base (KServe v0.20.0's
 * shape, plan/base-configs.ts).
 *
 * This is the ONE place that decides what "the well-known config" is in layer mode: the per-release
 * table of KServe's configs plugs in here (the embedded fallback becomes the declared release's).
 */
import { parse } from 'yaml';
import type { ConfigRole } from '../config/types';
import { BASE_CONFIGS } from '../plan/base-configs';
import { configName, type KServeSettings } from '../plan/managed';
import { obj } from '../validate/merged-view';

type Obj = Record<string, unknown>;

export interface WellKnown {
  name: string;
  spec: Obj;
  /** Where it came from, for messages: "kserve/kserve-config-..." or "the embedded base ...". */
  from: string;
}

/** Finds a config by name in a namespace (undefined: an item without a namespace). */
export type ConfigLookup = (name: string, namespace: string | undefined) => Obj | undefined;

const embedded = new Map<ConfigRole, Obj>();

export function wellKnownConfig(role: ConfigRole, lookup: ConfigLookup, serviceNamespace: string | undefined, kserve: KServeSettings): WellKnown {
  const name = configName(role, kserve);
  for (const namespace of [serviceNamespace, kserve.namespace]) {
    const found = lookup(name, namespace);
    if (found) return { name, spec: obj(found.spec) ?? {}, from: namespace ? `${namespace}/${name}` : name };
  }
  if (!embedded.has(role)) embedded.set(role, parse(BASE_CONFIGS[role]) as Obj);
  return { name, spec: obj(embedded.get(role)?.spec) ?? {}, from: `the embedded base ${name} (KServe v0.20.0, not in the input)` };
}
