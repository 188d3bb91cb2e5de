/**
 * One scalar field set the same way in every pod of a config (template, leader, worker): on the
 * pod spec itself or on its container "main". The shared shape of set-image, set-image-pull-policy
 * and set-grace-period; described as "field old -> new".
 */
import { setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { mainContainer, mainPath, podTemplates } from './pod-templates';

export function setPodField(on: 'pod' | 'main', field: string, value: string | number): Filter {
  return ({ doc, node }) => {
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const target = on === 'main' ? mainContainer(doc, pod.spec) : pod.spec;
      const previous = setScalar(target, field, value);
      if (previous === unchanged) continue;
      const from = typeof previous === 'string' || typeof previous === 'number' ? `${previous} -> ` : '';
      const path = `${on === 'main' ? mainPath(pod.path) : pod.path}.${field}`;
      changes.push({ path, description: `${field} ${from}${value}` });
    }
    return changes;
  };
}
