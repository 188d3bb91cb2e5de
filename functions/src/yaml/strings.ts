/**
 * Every string scalar of a Document with its field path, and whether it sits in a container's
 * `command` or `args` (which belong to bash and the kubelet, not to pipeline variables).
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Scalar } from 'yaml';

export interface StringAt {
  node: Scalar<string>;
  /** e.g. spec.prefill.template.containers[0].env[2].value */
  path: string;
  inCommand: boolean;
}

/**
 * In document order, keys before values; pair keys themselves are not strings of the resource,
 * but strings inside a collection used as a key are (with the path of the pair's parent). The
 * walk carries the path down instead of rebuilding it from yaml's visit() ancestry at every
 * string: the lints call this for every resource they check. Recursive: documents are depth
 * limited before they are composed (krm/limits.ts).
 */
export function stringsOf(doc: Document): StringAt[] {
  const found: StringAt[] = [];
  const walk = (node: unknown, path: string, inCommand: boolean): void => {
    if (isScalar(node)) {
      // An item's Document is a one-element sequence (krm/item.ts): paths start inside the item.
      if (typeof node.value === 'string') found.push({ node: node as Scalar<string>, path: path.replace(/^\[0\]\.?/, ''), inCommand });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`, inCommand));
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (!isScalar(pair.key)) walk(pair.key, path, inCommand);
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        walk(pair.value, path ? `${path}.${key}` : key, inCommand || key === 'command' || key === 'args');
      }
    }
  };
  walk(doc.contents, '', false);
  return found;
}
