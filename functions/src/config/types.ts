/** The functionConfig, typed. The JSON Schema (prefill-overlay.schema.json) is the source of truth. */

export const API_VERSION = 'fn.llm-prefill.dev/v1alpha1';
export const KIND = 'PrefillOverlay';
/** Label stamped on every managed config. */
export const OVERLAY_LABEL = 'llm-prefill.dev/overlay';

export interface PrefillOverlaySpec {
  overlay: string;
  image?: string;
  env?: Record<string, string>;
}

export interface PrefillOverlay {
  apiVersion: typeof API_VERSION;
  kind: typeof KIND;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PrefillOverlaySpec;
}
