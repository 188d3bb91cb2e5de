/**
 * Small helpers over `yaml` Document nodes. They change nodes in place and keep existing nodes
 * (and so their comments and styles) wherever a value is only updated.
 */
import { isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';

export function mapAt(parent: YAMLMap, key: string): YAMLMap | undefined {
  const node = parent.get(key, true);
  return isMap(node) ? node : undefined;
}

export function seqAt(parent: YAMLMap, key: string): YAMLSeq | undefined {
  const node = parent.get(key, true);
  return isSeq(node) ? node : undefined;
}

/** The mapping under `key`, created (empty, block style) when absent or null. */
export function ensureMap(doc: Document, parent: YAMLMap, key: string): YAMLMap {
  const found = mapAt(parent, key);
  if (found) return found;
  const created = doc.createNode({}) as YAMLMap;
  parent.set(key, created);
  return created;
}

/** The sequence under `key`, created when absent or null. */
export function ensureSeq(doc: Document, parent: YAMLMap, key: string): YAMLSeq {
  const found = seqAt(parent, key);
  if (found) return found;
  const created = doc.createNode([]) as YAMLSeq;
  parent.set(key, created);
  return created;
}

/** The scalar value under `key` (undefined when absent or not a scalar). */
export function scalarAt(parent: YAMLMap, key: string): unknown {
  const node = parent.get(key, true);
  return isScalar(node) ? node.value : undefined;
}

/**
 * Sets a scalar, keeping the existing node (comments, and quoting when it still reads back the
 * same). Returns the previous value when it changed, `unchanged` otherwise.
 */
export const unchanged = Symbol('unchanged');
export function setScalar(parent: YAMLMap, key: string, value: string | number | boolean): unknown {
  const node = parent.get(key, true);
  if (isScalar(node)) {
    if (node.value === value) return unchanged;
    const previous = node.value;
    node.value = value;
    return previous;
  }
  parent.set(key, value);
  return node === undefined ? undefined : null;
}

/** The mapping in a sequence whose `name` is `name` (strategic-merge key of containers, env, volumes). */
export function findNamed(seq: YAMLSeq, name: string, key = 'name'): YAMLMap | undefined {
  for (const entry of seq.items) {
    if (isMap(entry) && scalarAt(entry, key) === name) return entry;
  }
  return undefined;
}
