/**
 * The LLMInferenceServiceConfigs of the input, found by namespace and name, parsed only when
 * asked for (layer mode reads the baseRefs and well-known configs a service names, not every
 * config of a large repository).
 */
import { ItemSyntaxError, parseItem, type Item } from '../krm/item';
import { LimitExceeded, toPlain } from '../krm/limits';
import { refOf, type ResourceRef } from '../krm/results';
import { CONFIG_KIND, KSERVE_GROUP } from '../plan/managed';
import type { ConfigLookup } from './well-known';

type Obj = Record<string, unknown>;

export interface ConfigIndex {
  lookup: ConfigLookup;
  /** The input item of a config, for replacing it in place. */
  itemOf(name: string, namespace: string | undefined): Item | undefined;
}

export function isConfig(item: Item): boolean {
  return item.id.kind === CONFIG_KIND && (item.id.apiVersion?.startsWith(`${KSERVE_GROUP}/`) ?? false);
}

const key = (name: string, namespace: string | undefined) => `${namespace ?? ''}/${name}`;

export function configIndex(items: readonly Item[]): ConfigIndex {
  const byKey = new Map<string, Item>();
  for (const item of items) if (isConfig(item) && item.id.name !== undefined) byKey.set(key(item.id.name, item.id.namespace), item);
  const parsed = new Map<string, Obj | undefined>();
  const lookup: ConfigLookup = (name, namespace) => {
    const k = key(name, namespace);
    if (!parsed.has(k)) parsed.set(k, plainOf(byKey.get(k)));
    return parsed.get(k);
  };
  return { lookup, itemOf: (name, namespace) => byKey.get(key(name, namespace)) };
}

/** A config that cannot be read counts as absent here: the item check reports it. */
function plainOf(item: Item | undefined): Obj | undefined {
  if (!item) return undefined;
  try {
    const p = parseItem(item.chunk);
    return toPlain(p.doc, p.node) as Obj;
  } catch (e) {
    if (e instanceof ItemSyntaxError || e instanceof LimitExceeded) return undefined;
    throw e;
  }
}

/** A lookup over plain resources (the preview's input). */
export function lookupIn(resources: readonly Obj[]): ConfigLookup {
  return (name, namespace) =>
    resources.find((r) => {
      const meta = (r.metadata ?? {}) as Obj;
      return r.kind === CONFIG_KIND && meta.name === name && (meta.namespace ?? undefined) === namespace;
    });
}

/** The ResourceRef of a resource given as plain data (for findings on the layer that sets a field). */
export function plainRef(resource: Obj): ResourceRef | undefined {
  const meta = (resource.metadata ?? {}) as Obj;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return refOf({ apiVersion: text(resource.apiVersion), kind: text(resource.kind), name: text(meta.name), namespace: text(meta.namespace) });
}
