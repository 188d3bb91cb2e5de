/**
 * A filter is one transformation of one managed config, in the manner of kustomize's
 * api/filters: it edits the item's Document in place and says what it changed.
 */
import type { Document, YAMLMap } from 'yaml';
import type { ConfigRole } from '../config/types';
import type { Snapshot } from '../yaml/reprint';

/** One edit, for the summary: a field path inside the item and a short description. */
export interface Change {
  path: string;
  description: string;
}

export interface Target {
  doc: Document;
  /** The item's mapping node. */
  node: YAMLMap;
  /** Which managed config this is, or 'service' for an LLMInferenceService. */
  role: ConfigRole | 'service';
  /** The values as they were before any filter ran (to tell a real change from a round trip). */
  before: Snapshot;
}

export type Filter = (target: Target) => Change[];
