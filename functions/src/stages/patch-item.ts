/**
 * Stage "patch", for one item: run its filters, lint what goes out, and render the changed text.
 * An item that cannot be read or written back is an error result on it, never a half-edit.
 */
import type { Change, Filter, Target } from '../filters/filter';
import { isEscaped, unescapeFromFlux } from '../filters/flux';
import { runFilters, type FilterProblem } from '../filters/run-filters';
import { describeRef, identityOf } from '../krm/describe-ref';
import { ItemSyntaxError, parseItem, renderItem, ReprintFailed, type ParsedItem } from '../krm/item';
import { LimitExceeded, toPlain } from '../krm/limits';
import { error, refOf, type ResourceRef, type Result } from '../krm/results';
import type { Chunk } from '../krm/scan';
import { snapshot } from '../yaml/reprint';

/** What happened to one resource, for the output and the summary. */
export interface Outcome {
  ref: ResourceRef | undefined;
  label: string;
  changes: Change[];
  /** Lint findings on the resource as it goes out. */
  findings: Result[];
  /** The resource as it goes out, as plain data (for the validate stage). */
  value: Record<string, unknown>;
  text: string;
  added?: boolean;
}

/** Patches one item (parsed here unless the caller already did). */
export type Patch = (chunk: Chunk, parsedAlready: ParsedItem | undefined, filters: readonly Filter[], role: Target['role'], ref?: ResourceRef) => Outcome | Result;

/** The lint of a resource as it goes out (stages/lint-resource.ts). */
export type Lint = (parsed: ParsedItem, ref: ResourceRef | undefined, role: Target['role']) => Result[];

/**
 * With Flux escaping, an item escaped by an earlier run is unescaped first, so that the filters
 * see plain values and a second run changes nothing.
 */
export function patcher(fluxEscape: boolean, lint: Lint): Patch {
  return (chunk, parsedAlready, filters, role, ref) => {
    let parsed: ParsedItem;
    try {
      parsed = parsedAlready ?? parseItem(chunk);
    } catch (e) {
      if (!(e instanceof ItemSyntaxError)) throw e;
      return error(`input line ${e.line}: ${e.message}`, ref ? { resourceRef: ref } : {});
    }
    const before = snapshot(parsed.doc);
    const unescape = () => {
      if (fluxEscape && isEscaped(parsed.node)) unescapeFromFlux(parsed.doc);
    };
    const applied = runFilters(parsed, before, filters, role, unescape);
    if ('problem' in applied) return filterProblem(applied.problem, chunk, ref);
    const { changes } = applied;
    const resourceRef = ref ?? refOf(identityOf(parsed));
    const findings = lint(parsed, resourceRef, role);
    let value: Record<string, unknown>;
    try {
      value = toPlain(parsed.doc, parsed.node) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof LimitExceeded)) throw e;
      return error(`input line ${chunk.line}: ${e.message}`, resourceRef ? { resourceRef } : {});
    }
    let text = chunk.text;
    try {
      if (changes.length > 0) text = renderItem(parsed, chunk, before);
    } catch (e) {
      if (!(e instanceof ReprintFailed)) throw e;
      return error(`input line ${e.line}: ${e.message}`, resourceRef ? { resourceRef } : {});
    }
    return { ref: resourceRef, label: describeRef(resourceRef), changes, findings, value, text };
  };
}

/** An edit that would not take effect (or an alias bomb): an error on the item, at its field and input line. */
function filterProblem(p: FilterProblem, chunk: Chunk, ref: ResourceRef | undefined): Result {
  const line = chunk.line > 0 ? chunk.line + (p.offset === undefined ? 0 : (chunk.text.slice(0, p.offset).match(/\n/g)?.length ?? 0)) : undefined;
  return error(`${line ? `input line ${line}: ` : ''}${p.message}`, ref ? { resourceRef: ref, ...(p.path ? { field: { path: p.path } } : {}) } : {});
}
