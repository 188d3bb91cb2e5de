/**
 * Names a config added from the embedded base: metadata.name and namespace as the overlay's
 * KServe settings say, and kpt's path annotation so that `kpt fn render` writes it to
 * <namespace>/<name>.yaml rather than to a generated file name.
 */
import { ensureMap, setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';

export const KPT_PATH = 'internal.config.kubernetes.io/path';

export function setIdentity(name: string, namespace: string): Filter {
  return ({ doc, node }) => {
    const metadata = ensureMap(doc, node, 'metadata');
    const changes: Change[] = [];
    if (setScalar(metadata, 'name', name) !== unchanged) changes.push({ path: 'metadata.name', description: `name ${name}` });
    if (setScalar(metadata, 'namespace', namespace) !== unchanged) changes.push({ path: 'metadata.namespace', description: `namespace ${namespace}` });
    setScalar(ensureMap(doc, metadata, 'annotations'), KPT_PATH, `${namespace}/${name}.yaml`);
    return changes;
  };
}
