/** Sets imagePullPolicy of container "main" in every pod spec of the config (template, leader, worker). */
import { setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { mainContainer, mainPath, podTemplates } from './pod-templates';

export function setImagePullPolicy(policy: string): Filter {
  return ({ doc, node }) => {
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const previous = setScalar(mainContainer(doc, pod.spec), 'imagePullPolicy', policy);
      if (previous === unchanged) continue;
      const from = typeof previous === 'string' ? `${previous} -> ` : '';
      changes.push({ path: `${mainPath(pod.path)}.imagePullPolicy`, description: `imagePullPolicy ${from}${policy}` });
    }
    return changes;
  };
}
