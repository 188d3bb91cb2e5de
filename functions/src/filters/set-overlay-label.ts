/** Stamps `llm-prefill.dev/overlay: <overlay>` on the config, so that what rendered it is visible in the cluster. */
import { OVERLAY_LABEL } from '../config/types';
import { ensureMap, setScalar, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';

export function setOverlayLabel(overlay: string): Filter {
  return ({ doc, node }) => {
    const labels = ensureMap(doc, ensureMap(doc, node, 'metadata'), 'labels');
    const previous = setScalar(labels, OVERLAY_LABEL, overlay);
    if (previous === unchanged) return [];
    const change: Change = { path: `metadata.labels.${OVERLAY_LABEL}`, description: `label ${OVERLAY_LABEL}=${overlay}` };
    return [change];
  };
}
