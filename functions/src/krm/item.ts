/**
 * An item of the ResourceList: its source chunk, its identity, and — only when the function reads
 * or changes it — a parsed `yaml` Document of that chunk alone.
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, isAlias, isCollection, isMap, isScalar, isSeq, visit, type YAMLMap } from 'yaml';
import { headChunk, scanIdentity, type Identity } from './identity';
import { bare, indentLines, indentOf, isBlankOrComment, isSeqEntryAt, lineEndingOf, splitLines } from './lines';
import { LIMITS, LimitExceeded, mib, parseYaml, toPlain } from './limits';
import type { Chunk } from './scan';
import { reprintChecked, Unsupported, type Snapshot } from '../yaml/reprint';
import { keepSourceText, SOURCE_TEXT } from '../yaml/source-text';

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

/** An edited item that the function cannot write so that it reads back as meant: the run fails. */
export class ReprintFailed extends ItemSyntaxError {}

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/**
 * Builds an Item, reading its identity from its lines or, failing that, by parsing it. An
 * identity the lines leave incomplete is an error to report (krm/check-items.ts) or a kustomization
 * file: the whole item is parsed then, so that broken YAML (`- a: [`) is reported as what it is,
 * not as a resource without a name. Complete items, nearly all, are not parsed here.
 */
export function itemOf(chunk: Chunk, index: number): Item {
  const quick = scanIdentity(chunk);
  if (quick === undefined) return { index, chunk, id: identityOf(parseHead(chunk)) };
  if (quick.apiVersion === undefined || quick.kind === undefined || quick.name === undefined) return { index, chunk, id: identityOf(parseItem(chunk)) };
  return { index, chunk, id: quick };
}

/**
 * The item's apiVersion, kind and metadata, parsed without the rest of it when the item allows
 * (identity.ts headChunk), else the whole item. For reading identity and annotations only.
 */
export function parseHead(chunk: Chunk): ParsedItem {
  const head = headChunk(chunk);
  if (head && head.text.length < chunk.text.length) {
    try {
      return parseItem(head);
    } catch (e) {
      // Read the whole item instead: its error (with its own line) is the one to report.
      if (!(e instanceof ItemSyntaxError)) throw e;
    }
  }
  return parseItem(chunk);
}

/**
 * Parses one chunk. Throws ItemSyntaxError with a line number of the whole input, also when the
 * item is beyond the limits the function parses (krm/limits.ts).
 */
export function parseItem(chunk: Chunk): ParsedItem {
  if (chunk.text.length > LIMITS.parsedBytes) {
    throw new ItemSyntaxError(`the item is ${mib(chunk.text.length)}: larger than the ${mib(LIMITS.parsedBytes)} the function parses (the API server rejects objects over ~1.5 MiB)`, chunk.line);
  }
  // Lines before an offset of the chunk (an error at the very end, e.g. a missing quote, is on
  // the chunk's last line).
  const lineAt = (offset: number) => chunk.line + Math.min(count(chunk.text.slice(0, offset)), count(chunk.text.replace(/\n$/, '')));
  let doc: Document.Parsed;
  try {
    doc = parseYaml(chunk.text, PARSE_OPTIONS, 1);
  } catch (e) {
    if (e instanceof LimitExceeded) throw new ItemSyntaxError(e.message, lineAt(e.offset ?? 0));
    throw e;
  }
  const error = doc.errors[0];
  if (error) throw new ItemSyntaxError(error.message, lineAt(error.pos[0]));
  const seq = doc.contents;
  const node = isSeq(seq) ? seq.items[0] : undefined;
  if (!isMap(node)) throw new ItemSyntaxError('an item of items must be a mapping (a KRM resource)', chunk.line);
  return { doc, node };
}

function count(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
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
  let text: string | undefined;
  try {
    const printed = reprintChecked(chunk.text, parsed.doc, before, { indentSeq });
    text = printed.text;
    // The minimal reprint must read back as the edited document. Edits the reprinter checked on
    // their own need no more; for the others the whole item is parsed again, and where it does
    // not read back it is printed whole (a few ms for a KServe config). The cases the property
    // tests found (a flow collection printed over several lines, a new key after a collection that
    // ends in comment lines) are fixed in the reprinter; this stays the safety net for edits it
    // cannot check. LLM_PREFILL_FN_VERIFY_REPRINT=1 (set by the tests) reads every item back and
    // fails loudly when an edit the reprinter had checked did not survive.
    const verifyAll = process.env.LLM_PREFILL_FN_VERIFY_REPRINT === '1';
    if ((printed.risks.length > 0 || verifyAll) && !readsBack(text, chunk, parsed)) {
      if (printed.risks.length === 0) throw new Error(`the minimal reprint of the item at input line ${chunk.line} did not read back, though every edit was checked`);
      debug(chunk, `printed whole: the minimal reprint did not read back as the edited item (${printed.risks.join('; ')})`);
      text = undefined;
    } else if (!scansAsOneItem(text, chunk.indent)) {
      debug(chunk, 'printed whole: the minimal reprint does not scan as one item');
      text = undefined;
    }
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    debug(chunk, `printed whole: ${e.message}`);
  }
  if (text === undefined) {
    text = printWhole(parsed, chunk, indentSeq, before);
    // The last resort must be right too: what is written must read back as the edited item.
    if (!readsBack(text, chunk, parsed)) throw new ReprintFailed('the function could not write its edits to this item as YAML that reads back as intended (please report it)', chunk.line);
  }
  return lineEndingOf(chunk.text) === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
}

function debug(chunk: Chunk, message: string): void {
  if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`llm-prefill-fn: debug: item at line ${chunk.line} ${message}\n`);
}

/**
 * The whole item printed again, at the chunk's indentation. A flow collection that yaml prints
 * over several lines ends with its bracket at the column of the `- ` (where the line scanner
 * would read it as the next item's line): the item's flow collections are then printed in
 * block style.
 */
function printWhole(parsed: ParsedItem, chunk: Chunk, indentSeq: boolean, before: Snapshot): string {
  // New strings are quoted where Kubernetes' YAML 1.1 reader would not read them back as strings;
  // the scalars nobody changed are written as they were in the source (keepSourceText).
  parsed.doc.setSchema('1.1', { customTags: [SOURCE_TEXT] });
  const restore = keepSourceText(parsed.doc, parsed.doc.contents, before, chunk.text);
  try {
    const print = () => indentLines(commentsAfterDash(parsed.doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq })), chunk.indent);
    const text = print();
    if (scansAsOneItem(text, chunk.indent)) return text;
    visit(parsed.doc, {
      Node(_key, node) {
        if (isCollection(node) && node.items.length > 0) node.flow = false;
      },
    });
    return print();
  } finally {
    restore();
  }
}


/**
 * Whether a rendered item is what the function meant: the line scanner reads it as one item
 * (every line after the first indented deeper than the `- `, or blank, or a comment), and it
 * parses back to the same data as the edited document.
 */
function readsBack(text: string, chunk: Chunk, parsed: ParsedItem): boolean {
  if (!scansAsOneItem(text, chunk.indent)) return false;
  try {
    const again = parseItem({ ...chunk, text });
    return isDeepStrictEqual(toPlain(again.doc, again.node), toPlain(parsed.doc, parsed.node));
  } catch (e) {
    if (e instanceof ItemSyntaxError || e instanceof LimitExceeded) return false;
    throw e;
  }
}

/**
 * yaml prints an item's head comment above its `- `; the line scanner (and kpt) would read it as
 * the end of the item before. It goes after the dash, as kpt writes it (see files/stream.ts).
 */
function commentsAfterDash(text: string): string {
  const lines = splitLines(text);
  const dash = lines.findIndex((l) => !isBlankOrComment(l));
  if (dash <= 0 || !isSeqEntryAt(lines[dash], 0)) return text;
  const comments = lines.slice(0, dash).filter((l) => bare(l).trim() !== '').map((l) => bare(l).trim());
  if (comments.length === 0) return lines.slice(dash).join('');
  const eol = lines[dash].endsWith('\r\n') ? '\r\n' : '\n';
  const rest = bare(lines[dash]).slice(1).trim();
  const head = [`- ${comments[0]}`, ...comments.slice(1).map((c) => `  ${c}`), ...(rest === '' ? [] : [`  ${rest}`])];
  return head.map((l) => l + eol).join('') + lines.slice(dash + 1).join('');
}

function scansAsOneItem(text: string, indent: number): boolean {
  const lines = splitLines(text);
  for (let i = 1; i < lines.length; i++) if (!isBlankOrComment(lines[i]) && indentOf(lines[i]) <= indent) return false;
  return true;
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
