/**
 * Runs a config's filters over its parsed item, the same way in the pipeline and in the filters'
 * tests: aliases are read through (expanded before, put back after where nothing changed:
 * yaml/expand-aliases.ts), and an edit that would not take effect (TargetError) or an alias bomb
 * (LimitExceeded) comes back as a problem at a field and an offset of the item's text.
 */
import type { ParsedItem } from '../krm/item';
import { LimitExceeded } from '../krm/limits';
import { expandAliases, restoreAliases } from '../yaml/expand-aliases';
import type { Snapshot } from '../yaml/reprint';
import type { Change, Filter, Target } from './filter';
import { TargetError } from './pod-templates';

export interface FilterProblem {
  message: string;
  path?: string;
  /** Offset in the item's text, when known. */
  offset?: number;
}

/** `prepare` runs after the aliases are expanded and before the filters (Flux unescaping). */
export function runFilters(parsed: ParsedItem, before: Snapshot, filters: readonly Filter[], role: Target['role'], prepare?: () => void): { changes: Change[] } | { problem: FilterProblem } {
  try {
    const aliases = expandAliases(parsed.doc, parsed.node, before);
    prepare?.();
    const changes = filters.flatMap((filter) => filter({ doc: parsed.doc, node: parsed.node, role, before }));
    restoreAliases(aliases, before);
    return { changes };
  } catch (e) {
    if (e instanceof TargetError) return { problem: { message: e.message, path: e.path || undefined, offset: e.offset } };
    if (e instanceof LimitExceeded) return { problem: { message: e.message } };
    throw e;
  }
}
