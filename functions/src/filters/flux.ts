/**
 * engine flux: keep Flux's post-build substitution from mangling a managed resource.
 * - protect: annotate a resource that carries $-text with kustomize.toolkit.fluxcd.io/substitute:
 *   disabled, so Flux leaves it alone.
 * - escape: rewrite every string so that Flux's substitution gives back exactly the text, with
 *   deferToFlux variables left for Flux. The resource is marked as escaped, and a marked resource
 *   is unescaped before the other filters run, so that running again changes nothing.
 */
import { escapeForFlux, needsFluxEscape } from '../variables/flux-escape';
import { ensureMap, mapAt, setScalar, unchanged } from '../yaml/nodes';
import { stringsOf } from '../yaml/strings';
import type { Change, Filter } from './filter';
import type { Document, YAMLMap } from 'yaml';

export const FLUX_SUBSTITUTE = 'kustomize.toolkit.fluxcd.io/substitute';
export const ESCAPED_MARK = 'llm-prefill.dev/flux-escaped';

export function protectFromFlux(): Filter {
  return ({ doc, node }) => {
    if (!stringsOf(doc).some((s) => needsFluxEscape(s.node.value))) return [];
    const annotations = ensureMap(doc, ensureMap(doc, node, 'metadata'), 'annotations');
    if (setScalar(annotations, FLUX_SUBSTITUTE, 'disabled') === unchanged) return [];
    return [{ path: `metadata.annotations.${FLUX_SUBSTITUTE}`, description: `${FLUX_SUBSTITUTE}: disabled` }];
  };
}

export function escapeForFluxFilter(deferred: ReadonlySet<string>): Filter {
  return ({ doc, node, before }) => {
    const changes: Change[] = [];
    for (const s of stringsOf(doc)) {
      const escaped = escapeForFlux(s.node.value, deferred);
      s.node.value = escaped;
      // An escaped resource was unescaped before the filters ran: only a value that ends up
      // different from what came in is a change.
      if (before.scalars.get(s.node) !== escaped) changes.push({ path: s.path, description: 'escaped for Flux' });
    }
    if (changes.length > 0 || isEscaped(node)) {
      const annotations = ensureMap(doc, ensureMap(doc, node, 'metadata'), 'annotations');
      if (setScalar(annotations, ESCAPED_MARK, 'true') !== unchanged) changes.push({ path: `metadata.annotations.${ESCAPED_MARK}`, description: 'marked as escaped for Flux' });
    }
    return changes;
  };
}

/** Whether an earlier run escaped this resource. */
export function isEscaped(node: YAMLMap): boolean {
  const annotations = mapAt(mapAt(node, 'metadata') ?? node, 'annotations');
  return annotations?.get(ESCAPED_MARK) === 'true';
}

/**
 * Undoes escapeForFlux on every string of an escaped resource, in place and without reporting
 * changes: what Flux would make of it with the deferred variables kept as references.
 */
export function unescapeFromFlux(doc: Document): void {
  for (const s of stringsOf(doc)) s.node.value = s.node.value.replace(/\$\$/g, '$');
}
