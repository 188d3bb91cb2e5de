/**
 * Plain YAML manifests (multi-document streams) <-> ResourceList text: render reads the engine's
 * output and kpt's files as documents. Documents are moved as text, so comments and formatting
 * survive both ways.
 */
import { bare, indentLines, indentOf, isBlankOrComment, isSeqEntryAt, splitLines } from '../krm/lines';
import type { Chunk } from '../krm/scan';

/** Splits a YAML stream on `---` lines; drops documents with no content. */
export function splitDocuments(text: string): string[] {
  const docs: string[] = [];
  let current = '';
  for (const line of splitLines(text.replace(/^\uFEFF/, ''))) {
    if (/^---(\s|$)/.test(bare(line))) {
      docs.push(current);
      current = '';
      continue;
    }
    if (/^\.\.\.(\s|$)/.test(bare(line))) continue;
    current += line;
  }
  docs.push(current);
  return docs.filter((d) => splitLines(d).some((l) => !isBlankOrComment(l)));
}

/**
 * One document as an item of `items` (column 0, "- " then the document indented by two). A head
 * comment goes after the "- ", as kpt writes it: before the dash, kpt and kyaml would read it as a
 * foot comment of the previous item.
 */
export function documentAsItem(doc: string): string {
  const lines = splitLines(doc.endsWith('\n') ? doc : doc + '\n');
  const first = lines.findIndex((l) => bare(l) !== '');
  return lines
    .slice(Math.max(first, 0))
    .map((line, i) => {
      if (bare(line) === '') return line;
      return (i === 0 ? '- ' : '  ') + line;
    })
    .join('');
}

export function resourceListText(documents: readonly string[], functionConfig: string | undefined): string {
  let text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
  text += documents.length === 0 ? 'items: []\n' : 'items:\n' + documents.map(documentAsItem).join('');
  if (functionConfig !== undefined) text += 'functionConfig:\n' + indentLines(withNewline(functionConfig), 2);
  return text;
}

/** An item chunk back to a plain document: undoes the `- ` and the indentation of the list. */
export function itemAsDocument(chunk: Chunk): string {
  const strip = chunk.indent + 2;
  const lines = splitLines(chunk.text);
  // The `- ` line: the first line, unless comment lines stand before it.
  const dash = lines.findIndex((l) => isSeqEntryAt(l, chunk.indent));
  return lines
    .map((line, i) => {
      if (i === dash) return line.slice(chunk.indent).replace(/^-[ \t]?/, '');
      // Only spaces: a blank line keeps its line break (it may be inside a block scalar).
      return indentOf(line) >= strip ? line.slice(strip) : line.replace(/^ +/, '');
    })
    .join('');
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}
