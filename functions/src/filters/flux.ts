/**
 * engine flux: keep Flux's post-build substitution from mangling a managed resource.
 * - protect: annotate a resource that carries $-text with kustomize.toolkit.fluxcd.io/substitute:
 *   disabled, so Flux leaves it alone.
 * - escape: rewrite every string so that Flux's substitution gives back exactly the text, with
 *   deferToFlux variables left for Flux — except in a container's command and args: that is
 *   script text, where a deferred name (`HOME`) is bash's, and this function fills nothing there
 *   either. The resource is marked as escaped, and a marked resource is unescaped before the
 *   other filters run, so that running again changes nothing.
 */
import { escapeForFlux, needsFluxEscape } from '../variables/flux-escape';
import { ensureMap, mapAt, setScalar, unchanged } from '../yaml/nodes';
import { stringsOf } from '../yaml/strings';
import type { Change, Filter } from './filter';
import { isMap, isPair, isSeq, type Document, type YAMLMap } from 'yaml';

export const FLUX_SUBSTITUTE = 'kustomize.toolkit.fluxcd.io/substitute';
export const ESCAPED_MARK = 'llm-prefill.dev/flux-escaped';

export function protectFromFlux(): Filter {
  return ({ doc, node }) => {
    nodesForPlainStrings(doc);
    if (!stringsOf(doc).some((s) => needsFluxEscape(s.node.value))) return [];
    const annotations = ensureMap(doc, ensureMap(doc, node, 'metadata'), 'annotations');
    if (setScalar(annotations, FLUX_SUBSTITUTE, 'disabled') === unchanged) return [];
    return [{ path: `metadata.annotations.${FLUX_SUBSTITUTE}`, description: `${FLUX_SUBSTITUTE}: disabled` }];
  };
}

const NOTHING: ReadonlySet<string> = new Set();

export function escapeForFluxFilter(deferred: ReadonlySet<string>): Filter {
  return ({ doc, node, before }) => {
    const changes: Change[] = [];
    nodesForPlainStrings(doc);
    for (const s of stringsOf(doc)) {
      // An escaped resource was unescaped before the filters ran: only a value that ends up
      // different from what came in is a change (a value a filter added: from what it wrote).
      const cameIn = before.scalars.has(s.node) ? before.scalars.get(s.node) : s.node.value;
      const escaped = escapeForFlux(s.node.value, s.inCommand ? NOTHING : deferred);
      s.node.value = escaped;
      if (cameIn !== escaped) changes.push({ path: s.path, description: 'escaped for Flux' });
    }
    if (changes.length > 0 || isEscaped(node)) {
      const annotations = ensureMap(doc, ensureMap(doc, node, 'metadata'), 'annotations');
      if (setScalar(annotations, ESCAPED_MARK, 'true') !== unchanged) changes.push({ path: `metadata.annotations.${ESCAPED_MARK}`, description: 'marked as escaped for Flux' });
    }
    return changes;
  };
}

/**
 * Earlier filters may have set a value as a plain JS string (YAMLMap.set with a string): it
 * prints like a scalar but is no Scalar node, so stringsOf would not see it. Every such value
 * gets its node here, so that no text escapes the escaping.
 */
function nodesForPlainStrings(doc: Document): void {
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (typeof pair.value === 'string') pair.value = doc.createNode(pair.value);
        else walk(pair.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (typeof item === 'string') node.items[i] = doc.createNode(item);
        else walk(item);
      });
    }
  };
  walk(doc.contents);
}

/** Whether an earlier run escaped this resource. */
export function isEscaped(node: YAMLMap): boolean {
  const annotations = mapAt(mapAt(node, 'metadata') ?? node, 'annotations');
  return annotations?.get(ESCAPED_MARK) === 'true';
}

/**
 * Undoes escapeForFlux on every string of an escaped resource, in place and without reporting
 * changes: what Flux would make of it with the deferred variables kept as references. Only what
 * escapeForFlux can have written is undone (see unescaped): a `$` run it never writes, as a hand
 * edit for bash after an earlier run does (`echo $$`), stays as written, and is escaped as such.
 */
export function unescapeFromFlux(doc: Document): void {
  for (const s of stringsOf(doc)) s.node.value = unescaped(s.node.value);
}

/**
 * The text with each run of `$` that escapeForFlux writes turned back into the run it came
 * from, and every other run kept. escapeForFlux turns a run of n `$` into: 2n before a `{` that
 * opens no deferred reference; 2n-1 before one that does (n odd); 2n (n even) or 2n-1 (n odd)
 * anywhere else. So a run of L `$` is ours, and came from ceil(L/2), when L is even before a `{`,
 * odd before a `{` or anywhere with L % 4 === 1, or L % 4 === 0 elsewhere; a run of 2 (or
 * 4k+2, 4k+3) that no `{` follows is not, and stays.
 */
export function unescaped(text: string): string {
  return text.replace(/\$+/g, (run, at: number) => {
    const beforeBrace = text[at + run.length] === '{';
    const ours = beforeBrace || run.length % 4 === 0 || run.length % 4 === 1;
    return ours ? '$'.repeat(Math.ceil(run.length / 2)) : run;
  });
}
