/**
 * Points a selected LLMInferenceService at the overlay's delta of its shape: the delta is
 * appended to `spec.baseRefs`, after the entries already there (kept, in order), so that it is
 * the last baseRef and wins over team presets. A reference to the overlay's other delta (the
 * service changed shape) or to this one earlier in the list is moved, not duplicated: a second
 * run changes nothing.
 *
 * The shape is decided the way KServe decides it: on the service (after the overlay's parallelism
 * is set, so this filter runs after set-prefill-parallelism) with its other baseRefs merged over it.
 */
import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import { LimitExceeded, toPlain } from '../krm/limits';
import type { ConfigRole } from '../config/types';
import type { Change, Filter } from '../filters/filter';
import type { KServeSettings } from '../plan/managed';
import { ensureMap, ensureSeq, newNode } from '../yaml/nodes';
import { mergeSpecs, obj, prefillConfigFor } from '../validate/merged-view';
import { deltaName, deltaNames } from './delta-names';
import { baseRefNames, resolveBaseRef } from './layered-view';
import type { ConfigLookup } from './well-known';

type Obj = Record<string, unknown>;

/** Which delta each service got: the stage emits one delta per (namespace, role) in use. */
export interface DeltaUse {
  namespace: string | undefined;
  role: ConfigRole;
  /** The service's kpt path annotation, for where kpt writes the delta. */
  servicePath: string | undefined;
  service: string;
}

export interface BaseRefOptions {
  overlay: string;
  kserve: KServeSettings;
  lookup: ConfigLookup;
  /** Called once per service that gets a delta (or already has it). */
  used: (use: DeltaUse) => void;
  /** Called for a selected service no delta fits (a worker without data parallelism). */
  unfit: (service: string, namespace: string | undefined) => void;
}

export function appendBaseRef(options: BaseRefOptions): Filter {
  const ours = deltaNames(options.overlay);
  return ({ doc, node }) => {
    const value = plainOrUndefined(doc, node);
    // Beyond the limits: the patch stage reports it on this service, right after the filters.
    if (!value) return [];
    const spec = obj(value.spec) ?? {};
    const meta = obj(value.metadata) ?? {};
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    const service = typeof meta.name === 'string' ? meta.name : 'service';
    const presets = baseRefNames(spec).filter((n) => !ours.has(n));
    const presetSpecs = presets.map((n) => resolveBaseRef(n, options.lookup, namespace, options.kserve)?.spec ?? {});
    const role = prefillConfigFor(mergeSpecs(...presetSpecs, spec));
    if (!role) {
      options.unfit(service, namespace);
      return [];
    }
    options.used({ namespace, role, servicePath: pathAnnotation(meta), service });
    const name = deltaName(options.overlay, role);
    const current = baseRefNames(spec);
    if (current.length > 0 && current[current.length - 1] === name && current.filter((n) => ours.has(n)).length === 1) return [];
    const refs = ensureSeq(doc, ensureMap(doc, node, 'spec'), 'baseRefs');
    for (const entry of [...refs.items]) if (isMap(entry) && ours.has(String(nameOf(entry)))) refs.delete(refs.items.indexOf(entry));
    refs.add(newNode(doc, { name }));
    const change: Change = { path: `spec.baseRefs[name=${name}]`, description: `baseRef ${name} (last)` };
    return [change];
  };
}

function plainOrUndefined(doc: Document, node: YAMLMap): Obj | undefined {
  try {
    return toPlain(doc, node) as Obj;
  } catch (e) {
    if (e instanceof LimitExceeded) return undefined;
    throw e;
  }
}

function nameOf(entry: YAMLMap): unknown {
  const n = entry.get('name', true);
  return isScalar(n) ? n.value : undefined;
}

function pathAnnotation(meta: Obj): string | undefined {
  const annotations = obj(meta.annotations) ?? {};
  const path = annotations['internal.config.kubernetes.io/path'] ?? annotations['config.kubernetes.io/path'];
  return typeof path === 'string' ? path : undefined;
}
