/**
 * Every string scalar of a Document with its field path, and whether it sits in a container's
 * `command` or `args` (which belong to bash and the kubelet, not to pipeline variables).
 */
import { isPair, isScalar, isSeq, visit, type Document, type Node, type Scalar } from 'yaml';

export interface StringAt {
  node: Scalar<string>;
  /** e.g. spec.prefill.template.containers[0].env[2].value */
  path: string;
  inCommand: boolean;
}

export function stringsOf(doc: Document): StringAt[] {
  const found: StringAt[] = [];
  visit(doc, {
    Scalar(key, node, ancestry) {
      if (typeof node.value !== 'string' || key === 'key') return;
      const { path, inCommand } = describePath(ancestry, node);
      // An item's Document is a one-element sequence (krm/item.ts): paths start inside the item.
      found.push({ node: node as Scalar<string>, path: path.replace(/^\[0\]\.?/, ''), inCommand });
    },
  });
  return found;
}

function describePath(ancestry: readonly unknown[], node: Node): { path: string; inCommand: boolean } {
  let path = '';
  let inCommand = false;
  const chain = [...ancestry, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isPair(parent) && child === parent.value) {
      const key = isScalar(parent.key) ? String(parent.key.value) : '?';
      if (key === 'command' || key === 'args') inCommand = true;
      path += path ? `.${key}` : key;
    } else if (isSeq(parent)) {
      path += `[${parent.items.indexOf(child as never)}]`;
    }
  }
  return { path, inCommand };
}
