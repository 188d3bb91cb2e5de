/**
 * An item of the ResourceList: its source chunk, its identity, and — only when the function reads
 * or changes it — a parsed `yaml` Document of that chunk alone.
 */
import { Document, isAlias, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { scanIdentity, type Identity } from './identity';
import { bare, indentLines, indentOf, isBlankOrComment, lineEndingOf, splitLines } from './lines';
import type { Chunk } from './scan';
import { reprint, Unsupported, type Snapshot } from '../yaml/reprint';

export interface Item {
  /** Position in `items`, 0-based. */
  index: number;
  chunk: Chunk;
  id: Identity;
}

/** A parsed item: the chunk's Document (a one-element sequence) and the item's mapping node. */
export interface ParsedItem {
  doc: Document;
  node: YAMLMap;
}

export class ItemSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/** Builds an Item, reading its identity from its lines or, failing that, by parsing it. */
export function itemOf(chunk: Chunk, index: number): Item {
  const id = scanIdentity(chunk) ?? identityOf(parseItem(chunk));
  return { index, chunk, id };
}

/** Parses one chunk. Throws ItemSyntaxError with a line number of the whole input. */
export function parseItem(chunk: Chunk): ParsedItem {
  const doc = parseDocument(chunk.text, PARSE_OPTIONS);
  const error = doc.errors[0];
  if (error) {
    // prettyErrors is off, so there is no linePos: count the lines before the error's offset
    // (an error at the very end, e.g. a missing quote, is on the chunk's last line).
    const count = (text: string) => text.match(/\n/g)?.length ?? 0;
    const line = chunk.line + Math.min(count(chunk.text.slice(0, error.pos[0])), count(chunk.text.replace(/\n$/, '')));
    throw new ItemSyntaxError(error.message.split('\n')[0], line);
  }
  const seq = doc.contents;
  const node = isSeq(seq) ? seq.items[0] : undefined;
  if (!isMap(node)) throw new ItemSyntaxError('an item of items must be a mapping (a KRM resource)', chunk.line);
  return { doc, node };
}

function identityOf({ doc, node }: ParsedItem): Identity {
  const text = (value: unknown): string | undefined => {
    // An alias (`name: *a`) stands for the scalar it refers to.
    const resolved = isAlias(value) ? value.resolve(doc) : value;
    const v = isScalar(resolved) ? resolved.value : resolved;
    return typeof v === 'string' ? v : v == null ? undefined : String(v);
  };
  return {
    apiVersion: text(node.get('apiVersion')),
    kind: text(node.get('kind')),
    name: text(node.getIn(['metadata', 'name'])),
    namespace: text(node.getIn(['metadata', 'namespace'])),
  };
}

/**
 * Writes a changed item back in its chunk's place. Normally only the changed nodes are printed
 * (yaml/reprint.ts); for edits the reprinter does not support, the whole item is printed again,
 * with the chunk's indentation, line endings and sequence style. Re-indenting every line by the
 * same amount keeps YAML semantics: block scalar indentation is relative to the parent, and
 * leading spaces of folded lines are dropped.
 */
export function renderItem(parsed: ParsedItem, chunk: Chunk, before: Snapshot): string {
  const indentSeq = usesWideSequences(chunk.text);
  let text: string;
  try {
    text = reprint(chunk.text, parsed.doc, before, { indentSeq });
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`llm-prefill-fn: debug: item at line ${chunk.line} printed whole: ${e.message}\n`);
    parsed.doc.setSchema('1.1'); // quote strings that Kubernetes' YAML 1.1 reader would not read back as strings
    text = indentLines(parsed.doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq }), chunk.indent);
  }
  return lineEndingOf(chunk.text) === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** Whether nested block sequences sit two columns right of their key (kpt's "wide"). */
function usesWideSequences(text: string): boolean {
  const lines = splitLines(text).map(bare);
  for (let i = 1; i < lines.length - 1; i++) {
    if (!/:\s*$/.test(lines[i]) || isBlankOrComment(lines[i])) continue;
    const next = lines.slice(i + 1).find((l) => !isBlankOrComment(l));
    if (next === undefined || !/^\s*-(\s|$)/.test(next)) continue;
    return indentOf(next) > indentOf(lines[i]);
  }
  return true;
}
