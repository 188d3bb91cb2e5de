/**
 * Merges environment variables into container "main" by name, the way a strategic merge patch
 * would: an existing entry gets the new value, a new one is appended. A string sets `value` (a
 * `valueFrom` the entry had is dropped); `{valueFrom: ...}` sets `valueFrom` (a `value` is
 * dropped). An entry that already says exactly that is left alone, so a second run reports
 * nothing. Entries not named in the config are kept as they are.
 *
 * setEnv is the same merge for one entry, for the other filters that write env (RoCE, vLLM args).
 */
import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import type { EnvValue } from '../config/types';
import { assignDeep, ensureSeq, scalarAt, seqAt, setScalar, unchanged, newNode } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { mainContainer, mainPath, podTemplates } from './pod-templates';

export function mergeEnv(env: Readonly<Record<string, EnvValue>>): Filter {
  return ({ doc, node }) => {
    const entries = Object.entries(env);
    if (entries.length === 0) return [];
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const main = mainContainer(doc, pod.spec);
      for (const [name, value] of entries) {
        if (setEnv(doc, main, name, value)) changes.push(envChange(pod.path, name));
      }
    }
    return changes;
  };
}

/** The Change for env entry `name` of container main in the pod spec at `podPath`. */
export function envChange(podPath: string, name: string, description = `env ${name}`): Change {
  return { path: `${mainPath(podPath)}.env[name=${name}]`, description };
}

/**
 * The env entry `name` of a container, if it has one. With the name twice, the last one:
 * Kubernetes uses the last entry of a name, so that is the one an edit must change.
 */
export function envEntry(container: YAMLMap, name: string): YAMLMap | undefined {
  const list = seqAt(container, 'env');
  let last: YAMLMap | undefined;
  for (const entry of list?.items ?? []) if (isMap(entry) && scalarAt(entry, 'name') === name) last = entry;
  return last;
}

/**
 * Sets env entry `name` of a container (creating `env` and the entry as needed), editing the
 * existing nodes in place. Returns true when the container changed.
 */
export function setEnv(doc: Document, container: YAMLMap, name: string, value: EnvValue): boolean {
  const wanted = typeof value === 'string' ? { value } : { valueFrom: value.valueFrom };
  const entry = envEntry(container, name);
  if (!entry) {
    ensureSeq(doc, container, 'env').add(newNode(doc, { name, ...wanted }));
    return true;
  }
  const other = typeof value === 'string' ? 'valueFrom' : 'value';
  const dropped = entry.has(other);
  if (dropped) entry.delete(other);
  const set = typeof value === 'string' ? setValue(doc, entry, value) : assignDeep(doc, entry, 'valueFrom', value.valueFrom);
  return dropped || set;
}

/**
 * Sets `value` of an env entry. A multi-line string replacing a flow scalar gets a new node (the
 * pair is then printed again, as a block scalar): the minimal reprint (yaml/reprint.ts) prints a
 * changed flow scalar on its own and does not indent the continuation lines of a multi-line one.
 */
function setValue(doc: Document, entry: YAMLMap, value: string): boolean {
  const node = entry.get('value', true);
  if (value.includes('\n') && isScalar(node) && node.value !== value && node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') {
    entry.set('value', newNode(doc, value));
    return true;
  }
  return setScalar(entry, 'value', value) !== unchanged;
}
