/** Sets the image of container "main" in every pod spec of the config (template, leader, worker). */
import { setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { mainContainer, mainPath, podTemplates } from './pod-templates';

export function setImage(image: string): Filter {
  return ({ doc, node }) => {
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const previous = setScalar(mainContainer(doc, pod.spec), 'image', image);
      if (previous === unchanged) continue;
      const from = typeof previous === 'string' ? `${previous} -> ` : '';
      changes.push({ path: `${mainPath(pod.path)}.image`, description: `image ${from}${image}` });
    }
    return changes;
  };
}
