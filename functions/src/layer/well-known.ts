/**
 * The declared release's well-known prefill config for a role, as KServe finds it for a service:
 * the input's copy when the input has one (a config in the service's namespace first, then in
 * KServe's namespace, the controller's lookup order), else the embedded config of the declared
 * release (`spec.kserve.version`: base/ for v0.20.0, plan/releases/ for older ones).
 *
 * This is the ONE place that decides what "the well-known config" is in layer mode.
 */
import { parse } from 'yaml';
import type { ConfigRole } from '../config/types';
import { releaseOf } from '../kserve/releases';
import { releaseConfig, releaseConfigFile } from '../plan/release-configs';
import { configName, type KServeSettings } from '../plan/managed';
import type { ResourceRef } from '../krm/results';
import { obj } from '../validate/merged-view';
import { plainRef } from './config-index';

type Obj = Record<string, unknown>;

export interface WellKnown {
  name: string;
  spec: Obj;
  /** Where it came from, for messages: "kserve/kserve-config-..." or "the embedded <name> (KServe <release>, <file>; not in the input)". */
  from: string;
  /** The input's copy, when that is where it came from. */
  ref?: ResourceRef;
}

/** Finds a config by name in a namespace (undefined: an item without a namespace). */
export type ConfigLookup = (name: string, namespace: string | undefined) => Obj | undefined;

const embedded = new Map<string, Obj>();

export function wellKnownConfig(role: ConfigRole, lookup: ConfigLookup, serviceNamespace: string | undefined, kserve: KServeSettings): WellKnown {
  const name = configName(role, kserve);
  for (const namespace of [serviceNamespace, kserve.namespace]) {
    const found = lookup(name, namespace);
    if (found) return { name, spec: obj(found.spec) ?? {}, from: namespace ? `${namespace}/${name}` : name, ref: plainRef(found) };
  }
  const release = releaseOf(kserve.version);
  const key = `${release.files}/${role}`;
  const text = releaseConfig(release.files, role);
  if (!embedded.has(key) && text !== undefined) embedded.set(key, parse(text) as Obj);
  const from = `the embedded ${name} (KServe ${release.name}, ${releaseConfigFile(release.files, role)}; not in the input)`;
  return { name, spec: obj(embedded.get(key)?.spec) ?? {}, from };
}
