/**
 * Printing parsed nodes again without changing the text of the scalars nobody changed.
 * Printers' documents need SOURCE_TEXT among their custom tags.
 */
import { visit, type Document, type Node, type Scalar, type ScalarTag } from 'yaml';
import type { Snapshot } from './reprint';

/** The source text of an unchanged plain scalar, printed as it was (SOURCE_TEXT). */
export class SourceText {
  constructor(readonly text: string) {}
}

export const SOURCE_TEXT: ScalarTag = {
  tag: 'tag:llm-prefill.dev,2026:source-text',
  default: true,
  identify: (value) => value instanceof SourceText,
  resolve: (text) => text,
  stringify: (item) => ((item as Scalar).value as SourceText).text,
};

/**
 * When yaml prints parsed nodes again (an item printed whole, a changed flow collection), it
 * would print each scalar from its value: `0400` becomes `400` (octal 256 to Kubernetes' YAML 1.1
 * reader, 400 after), `yes` becomes "yes" (true to that reader, a string after), `1.0` becomes
 * `1`, `~` becomes `null`, `"\u00e9"` becomes `"é"`. Every plain or one-line quoted scalar the
 * filters did not change is printed from its source text instead (with its tag, if it had one):
 * `source` is the text the nodes were parsed from. Returns what puts the values back.
 */
export function keepSourceText(doc: Document, root: unknown, before: Snapshot, source: string): () => void {
  const kept: [Scalar, unknown, string | undefined][] = [];
  visit(root as Node, {
    Scalar(_key, node) {
      if (!before.scalars.has(node) || before.scalars.get(node) !== node.value) return;
      const text = sourceTextOf(node, source);
      if (text === undefined) return;
      const tag = node.tag ? `${doc.directives?.tagString(node.tag) ?? `!<${node.tag}>`} ` : '';
      kept.push([node, node.value, node.tag]);
      node.value = new SourceText(tag + text);
      node.tag = undefined;
    },
  });
  return () => {
    for (const [node, value, tag] of kept) {
      node.value = value;
      node.tag = tag;
    }
  };
}

/** A plain scalar's text (folded to one line), or a one-line quoted scalar's text with its quotes. */
function sourceTextOf(node: Scalar, source: string): string | undefined {
  if (node.type === 'PLAIN') return node.source || undefined;
  if ((node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') || !node.range) return undefined;
  const text = source.slice(node.range[0], node.range[1]).trimEnd();
  const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
  return text.length >= 2 && text.startsWith(quote) && text.endsWith(quote) && !/[\r\n]/.test(text) ? text : undefined;
}
