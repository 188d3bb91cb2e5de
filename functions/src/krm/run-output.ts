/** What a run gives back: the ResourceList to write, its results, and whether it failed. */
import { decode, type ResourceList } from './decode';
import { encode, type Output } from './encode';
import { hasErrors, type Result } from './results';

export interface RunOutput {
  /** The ResourceList to write to stdout. */
  text: string;
  results: Result[];
  /** True when a result has severity error: the CLI exits 1. */
  failed: boolean;
}

const NO_EDITS: Omit<Output, 'results'> = { replaced: new Map(), added: [] };

/** Nothing is half-applied: with any error (or no edits), every item goes out as it came in. */
export function runOutput(list: ResourceList, results: Result[], edits: Omit<Output, 'results'> = NO_EDITS): RunOutput {
  const failed = hasErrors(results);
  return { text: encode(list, { ...(failed ? NO_EDITS : edits), results }), results, failed };
}

/** With unreadable input there are no items to give back: an empty list that carries the error. */
const EMPTY_LIST = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';

export function failedBeforeDecode(results: Result[]): RunOutput {
  return { text: encode(decode(EMPTY_LIST), { replaced: new Map(), added: [], results }), results, failed: true };
}
