/**
 * The spec KServe will act on: the well-known prefill config it picks by the service's shape,
 * merged under the service's own spec the way the controller does (strategic merge over
 * LLMInferenceServiceSpec; later layers win; a later zero, false or "" does not clear a value).
 * `spec.baseRefs` are not resolved here: a note says so when a service has them.
 */
import type { ConfigRole } from '../config/types';

type Obj = Record<string, unknown>;

/** Lists merged by a key, as the Kubernetes types declare (patchMergeKey). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
};

/** Lists that are replaced whole even if a key could merge them (KServe: command/args are atomic). */
const ATOMIC = new Set(['command', 'args']);

/** The well-known prefill config KServe adds for a service spec, or undefined (no spec.prefill). */
export function prefillConfigFor(spec: Obj): ConfigRole | undefined {
  const prefill = obj(spec.prefill);
  if (!prefill) return undefined;
  if (prefill.worker === undefined || prefill.worker === null) return 'template';
  const p = obj(prefill.parallelism);
  const dataParallel = p !== undefined && (num(p.data) > 0 || num(p.dataLocal) > 0);
  return dataParallel ? 'dataParallel' : undefined;
}

/** Merges spec layers, first the lowest (the config), last the service's own spec. */
export function mergeSpecs(...layers: Obj[]): Obj {
  return layers.reduce<Obj>((acc, layer) => mergeValue(acc, layer, '') as Obj, {});
}

function mergeValue(base: unknown, patch: unknown, key: string): unknown {
  if (patch === undefined || patch === null || patch === '' || patch === 0 || patch === false) return base ?? patch;
  if (Array.isArray(patch)) {
    const mergeKey = MERGE_KEYS[key];
    if (!mergeKey || ATOMIC.has(key) || !Array.isArray(base)) return patch;
    return mergeList(base, patch, mergeKey);
  }
  const p = obj(patch);
  const b = obj(base);
  if (!p || !b) return patch;
  const out: Obj = { ...b };
  for (const [k, v] of Object.entries(p)) out[k] = mergeValue(b[k], v, k);
  return out;
}

function mergeList(base: unknown[], patch: unknown[], mergeKey: string): unknown[] {
  const out = [...base];
  for (const entry of patch) {
    const e = obj(entry);
    const index = e ? out.findIndex((x) => obj(x)?.[mergeKey] === e[mergeKey]) : -1;
    if (index >= 0) out[index] = mergeValue(out[index], entry, '');
    else out.push(entry);
  }
  return out;
}

export function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0;
}
