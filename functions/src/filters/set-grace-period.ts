/** Sets the pod-level terminationGracePeriodSeconds of every pod spec of the config (template, leader, worker). */
import { setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { podTemplates } from './pod-templates';

export function setGracePeriod(seconds: number): Filter {
  return ({ node }) => {
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const previous = setScalar(pod.spec, 'terminationGracePeriodSeconds', seconds);
      if (previous === unchanged) continue;
      const from = typeof previous === 'number' || typeof previous === 'string' ? `${previous} -> ` : '';
      changes.push({ path: `${pod.path}.terminationGracePeriodSeconds`, description: `terminationGracePeriodSeconds ${from}${seconds}` });
    }
    return changes;
  };
}
