/**
 * Small helpers over `yaml` Document nodes. They change nodes in place and keep existing nodes
 * (and so their comments and styles) wherever a value is only updated.
 */
import { isMap, isNode, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

export function mapAt(parent: YAMLMap, key: string): YAMLMap | undefined {
  const node = parent.get(key, true);
  return isMap(node) ? node : undefined;
}

export function seqAt(parent: YAMLMap, key: string): YAMLSeq | undefined {
  const node = parent.get(key, true);
  return isSeq(node) ? node : undefined;
}

/**
 * A new node for a value. Never with anchors: when the value holds the same object twice, yaml
 * would write `&a1` / `*a1`, which kpt and kustomize reject (and nobody wrote).
 */
export function newNode(doc: Document, value: unknown): Node {
  return doc.createNode(value, { aliasDuplicateObjects: false });
}

/** The mapping under `key`, created (empty, block style) when absent or null. */
export function ensureMap(doc: Document, parent: YAMLMap, key: string): YAMLMap {
  const found = mapAt(parent, key);
  if (found) return found;
  const created = newNode(doc, {}) as YAMLMap;
  parent.set(key, created);
  return created;
}

/** The sequence under `key`, created when absent or null. */
export function ensureSeq(doc: Document, parent: YAMLMap, key: string): YAMLSeq {
  const found = seqAt(parent, key);
  if (found) return found;
  const created = newNode(doc, []) as YAMLSeq;
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

/**
 * Sets an int-or-string scalar such as a Kubernetes quantity (`64`, "64", 8Gi). The field counts
 * as already set, and is left as written, when its value reads back as the same text as `value`
 * (`cpu: 64` and `cpu: "64"` are the same quantity to Kubernetes). Otherwise it is set like
 * setScalar, so the new value has the type `value` has (a string stays a string, an integer an
 * integer). Returns the previous value when it changed, `unchanged` otherwise.
 */
export function setScalarText(parent: YAMLMap, key: string, value: string | number): unknown {
  const node: unknown = parent.get(key, true);
  const current = isScalar(node) ? node.value : node;
  if ((typeof current === 'string' || typeof current === 'number') && String(current) === String(value)) return unchanged;
  return setScalar(parent, key, value);
}

/** Structural equality of plain JS values (as from node.toJSON()): key order does not matter, list order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && deepEqual((a as Record<string, unknown>)[k], rb[k]));
}

/**
 * Sets `parent[key]` to a plain JSON value, reusing the nodes already there: scalars are updated
 * with setScalar and mappings key by key (keys the value lacks are removed), so that comments and
 * styles stay wherever the value is unchanged. Anything else that differs (a sequence, null, a
 * mapping where there was a scalar) is replaced by a new node. Returns true when anything changed.
 */
export function assignDeep(doc: Document, parent: YAMLMap, key: string, value: unknown): boolean {
  const node = parent.get(key, true);
  if (isPlainObject(value)) {
    if (!isMap(node)) {
      parent.set(key, newNode(doc, value));
      return true;
    }
    let changed = false;
    for (const pair of [...node.items]) {
      const name = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof name === 'string' && value[name] !== undefined) continue;
      node.delete(pair.key);
      changed = true;
    }
    for (const [name, v] of Object.entries(value)) {
      if (v !== undefined && assignDeep(doc, node, name, v)) changed = true;
    }
    return changed;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return setScalar(parent, key, value) !== unchanged;
  }
  if (node !== undefined && deepEqual(toPlain(node), value)) return false;
  parent.set(key, newNode(doc, value));
  return true;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toPlain(node: unknown): unknown {
  return isNode(node) ? node.toJSON() : node;
}
