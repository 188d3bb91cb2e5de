/** engine argocd: an earlier sync wave for the managed configs, so they exist before the services that use them. */
import { ensureMap, setScalar, unchanged } from '../yaml/nodes';
import type { Filter } from './filter';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

export function setSyncWave(wave: string): Filter {
  return ({ doc, node }) => {
    const annotations = ensureMap(doc, ensureMap(doc, node, 'metadata'), 'annotations');
    if (setScalar(annotations, SYNC_WAVE, wave) === unchanged) return [];
    return [{ path: `metadata.annotations.${SYNC_WAVE}`, description: `sync-wave ${wave}` }];
  };
}
