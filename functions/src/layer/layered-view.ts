/**
 * The spec KServe computes for a service in layer mode, as layers: the well-known prefill config
 * it picks by shape, then each `spec.baseRefs` entry in list order, then the service's own spec
 * (later layers win; merge rules in validate/merged-view.ts). The shape is decided on the service
 * with its baseRefs merged over it, as the controller does, so a preset can supply the worker.
 */
import type { ConfigRole } from '../config/types';
import type { ResourceRef } from '../krm/results';
import { plainRef } from './config-index';
import type { KServeSettings } from '../plan/managed';
import { mergeSpecs, obj, prefillConfigFor } from '../validate/merged-view';
import { wellKnownConfig, type ConfigLookup } from './well-known';

type Obj = Record<string, unknown>;

export interface Layer {
  kind: 'well-known' | 'baseRef' | 'service';
  /** The config's name, or the service's. */
  name: string;
  /** For messages: "baseRef team-preset (llm/team-preset)". */
  label: string;
  spec: Obj;
  /** The resource in the input or the output (a config found, an emitted delta, the service); none for an embedded config. */
  ref?: ResourceRef;
}

export interface LayeredView {
  /** undefined: no well-known prefill config applies (no spec.prefill, or a worker without data parallelism). */
  role: ConfigRole | undefined;
  layers: Layer[];
  /** baseRefs the input does not have: KServe will merge them, the view cannot. */
  unresolved: string[];
  merged: Obj;
}

/** The names in `spec.baseRefs`, in order. */
export function baseRefNames(spec: Obj): string[] {
  const refs = Array.isArray(spec.baseRefs) ? spec.baseRefs : [];
  return refs.map((r) => obj(r)?.name).filter((n): n is string => typeof n === 'string');
}

/** A baseRef as KServe looks it up: in the service's namespace first, then in KServe's. */
export function resolveBaseRef(name: string, lookup: ConfigLookup, namespace: string | undefined, kserve: KServeSettings): { spec: Obj; at: string; ref?: ResourceRef } | undefined {
  for (const ns of [namespace, kserve.namespace]) {
    const found = lookup(name, ns);
    if (found) return { spec: obj(found.spec) ?? {}, at: ns ? `${ns}/${name}` : name, ref: plainRef(found) };
  }
  return undefined;
}

/** A service's baseRefs as layers, in list order, and the names the lookup does not have. */
export function baseRefLayers(service: Obj, lookup: ConfigLookup, kserve: KServeSettings): { refs: Layer[]; unresolved: string[] } {
  const spec = obj(service.spec) ?? {};
  const namespace = stringOr(obj(service.metadata)?.namespace);
  const refs: Layer[] = [];
  const unresolved: string[] = [];
  for (const name of baseRefNames(spec)) {
    const found = resolveBaseRef(name, lookup, namespace, kserve);
    if (found) refs.push({ kind: 'baseRef', name, label: `baseRef ${found.at}`, spec: found.spec, ...(found.ref ? { ref: found.ref } : {}) });
    else unresolved.push(name);
  }
  return { refs, unresolved };
}

export function layeredView(service: Obj, lookup: ConfigLookup, kserve: KServeSettings): LayeredView {
  const spec = obj(service.spec) ?? {};
  const namespace = stringOr(obj(service.metadata)?.namespace);
  const { refs, unresolved } = baseRefLayers(service, lookup, kserve);
  const own: Layer = { kind: 'service', name: stringOr(obj(service.metadata)?.name) ?? 'the service', label: 'the service', spec, ...(plainRef(service) ? { ref: plainRef(service) } : {}) };
  const role = prefillConfigFor(mergeSpecs(...refs.map((l) => l.spec), spec));
  const layers = [...refs, own];
  if (role) {
    const wk = wellKnownConfig(role, lookup, namespace, kserve);
    layers.unshift({ kind: 'well-known', name: wk.name, label: `well-known config ${wk.from}`, spec: wk.spec, ...(wk.ref ? { ref: wk.ref } : {}) });
  }
  return { role, layers, unresolved, merged: mergeSpecs(...layers.map((l) => l.spec)) };
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
