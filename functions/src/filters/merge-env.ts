/**
 * Merges environment variables into container "main" by name, the way a strategic merge patch
 * would: an existing entry gets the new value (a valueFrom it had is dropped), a new one is
 * appended. Entries not named in the config are kept as they are.
 */
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import { ensureSeq, findNamed, scalarAt, setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { mainContainer, mainPath, podTemplates } from './pod-templates';

export function mergeEnv(env: Readonly<Record<string, string>>): Filter {
  return ({ doc, node }) => {
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const list = ensureSeq(doc, mainContainer(doc, pod.spec), 'env');
      for (const [name, value] of Object.entries(env)) {
        if (setEnvValue(doc, list, name, value)) {
          changes.push({ path: `${mainPath(pod.path)}.env[name=${name}]`, description: `env ${name}` });
        }
      }
    }
    return changes;
  };
}

/** Returns true when the list changed. */
function setEnvValue(doc: Document, list: YAMLSeq, name: string, value: string): boolean {
  const entry: YAMLMap | undefined = findNamed(list, name);
  if (!entry) {
    list.add(doc.createNode({ name, value }));
    return true;
  }
  const hadValueFrom = entry.has('valueFrom');
  if (hadValueFrom) entry.delete('valueFrom');
  const previous = scalarAt(entry, 'value') === value ? unchanged : setScalar(entry, 'value', value);
  return hadValueFrom || previous !== unchanged;
}
