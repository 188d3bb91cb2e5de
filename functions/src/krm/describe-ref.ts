/** How a parsed resource is named in results and messages. */
import type { ParsedItem } from './item';
import type { ResourceRef } from './results';

/** apiVersion, kind, name and namespace as the parsed item says them (a string or nothing). */
export function identityOf(parsed: { node: ParsedItem['node'] }): { apiVersion?: string; kind?: string; name?: string; namespace?: string } {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const n = parsed.node;
  return { apiVersion: text(n.get('apiVersion')), kind: text(n.get('kind')), name: text(n.getIn(['metadata', 'name'])), namespace: text(n.getIn(['metadata', 'namespace'])) };
}

/** "Kind/namespace/name", or "an item" when there is no reference. */
export function describeRef(ref: ResourceRef | undefined): string {
  return ref ? [ref.kind, ref.namespace, ref.name].filter(Boolean).join('/') : 'an item';
}
