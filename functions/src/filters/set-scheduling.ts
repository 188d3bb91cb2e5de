/**
 * Sets pod-level scheduling fields of every pod spec of the config (template, leader, worker):
 * - `nodeSelector`: merged key by key (keys not named stay; an empty map changes nothing);
 * - `tolerations`: replaced as a whole (the list has no strategic-merge key), and only when it
 *   differs from what is there, so that a second run reports no change;
 * - `affinity`: replaced as a whole when it differs;
 * - `priorityClassName`, `serviceAccountName`: set.
 * Differences are judged by deep equality against the existing value as plain data
 * (node.toJSON()). An empty value (`[]`, `{}`, `""`) counts as equal to an absent or null field,
 * so it is never added where nothing is set, and it clears a field that is set.
 */
import { isCollection, isScalar, type Document, type YAMLMap } from 'yaml';
import type { Scheduling } from '../config/types';
import { deepEqual, ensureMap, setScalar, unchanged, newNode } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { podTemplates } from './pod-templates';

export function setScheduling(scheduling: Scheduling): Filter {
  return ({ doc, node }) => {
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const at = (field: string) => `${pod.path}.${field}`;
      for (const [key, value] of Object.entries(scheduling.nodeSelector ?? {})) {
        if (setScalar(ensureMap(doc, pod.spec, 'nodeSelector'), key, value) === unchanged) continue;
        changes.push({ path: at(`nodeSelector.${key}`), description: `nodeSelector ${key}=${value}` });
      }
      if (scheduling.tolerations !== undefined && replace(doc, pod.spec, 'tolerations', scheduling.tolerations, [])) {
        changes.push({ path: at('tolerations'), description: scheduling.tolerations.length === 0 ? 'tolerations cleared' : `tolerations (${scheduling.tolerations.length})` });
      }
      if (scheduling.affinity !== undefined && replace(doc, pod.spec, 'affinity', scheduling.affinity, {})) {
        changes.push({ path: at('affinity'), description: Object.keys(scheduling.affinity).length === 0 ? 'affinity cleared' : 'affinity' });
      }
      for (const field of ['priorityClassName', 'serviceAccountName'] as const) {
        const value = scheduling[field];
        if (value === undefined || !replace(doc, pod.spec, field, value, '')) continue;
        changes.push({ path: at(field), description: value === '' ? `${field} cleared` : `${field} ${value}` });
      }
    }
    return changes;
  };
}

/**
 * Sets `key` to `value` unless the existing value is deep-equal to it (absent and null read as
 * `empty`). A scalar keeps its node; a collection is replaced by a new node. Returns true when it
 * changed.
 */
function replace(doc: Document, spec: YAMLMap, key: string, value: unknown, empty: unknown): boolean {
  const node: unknown = spec.get(key, true);
  const current: unknown = isCollection(node) || isScalar(node) ? node.toJSON() : node;
  if (deepEqual(current ?? empty, value)) return false;
  if (typeof value === 'string') return setScalar(spec, key, value) !== unchanged;
  spec.set(key, newNode(doc, value));
  return true;
}
