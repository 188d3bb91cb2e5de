/**
 * A line scanner for block-style ResourceLists.
 *
 * Why not the `yaml` parser: on a 2.5 MB ResourceList `yaml`'s CST parser takes about 3x and a full
 * Document about 6x the time of its Lexer, and the function changes only a handful of items. The
 * scanner finds the top-level entries and the boundaries of each item of `items` from indentation
 * alone, so untouched items are copied through as text. Only the items the function reads or
 * changes are parsed (item.ts). Input that is not plain block style (flow or JSON) is normalised
 * first by decode.ts and then scanned like any other.
 */
import { closeAt } from './open-quotes';
import { bare, deeperThan, indentOf, isBlankOrComment, isSeqEntryAt, lineAt, nextLineStart } from './lines';

/** One top-level entry of the ResourceList map: the key line and every line of its value. */
export interface TopEntry {
  key: string;
  /** The entry's text, key line first, with original line endings. */
  text: string;
  /** 1-based line number of the key line in the input. */
  line: number;
}

export interface ScannedList {
  /** Text before the first entry: document markers, directives, comments. */
  leading: string;
  entries: TopEntry[];
  /** A document end marker (`...`) and what follows it. */
  trailing: string;
}

/** One item of `items`: its lines, from its `-` line up to the next item's. */
export interface Chunk {
  text: string;
  /** Column of the item's `-`. */
  indent: number;
  /** 1-based line number of the `-` line in the input. */
  line: number;
}

export interface ScannedItems {
  /** The `items:` key line and any comment lines before the first item. */
  head: string;
  chunks: Chunk[];
}

export class ScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Thrown when the text is valid YAML but not block style; decode.ts normalises and retries. */
export class NotBlockStyle extends Error {}

const TOP_KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#:'"!&*?|>%@`{}[\],-][^:#]*?|-[^\s:#][^:#]*?))[ \t]*:(?:[ \t]|$)/;

/** Reads a top-level key from a column-0 line, or undefined if the line is not one. */
export function topLevelKey(line: string): string | undefined {
  const m = TOP_KEY.exec(bare(line));
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1];
  if (m[2] !== undefined) return m[2].replace(/''/g, "'");
  return m[3];
}

/**
 * Splits a ResourceList text into its top-level entries. Lines are walked by offset, one search
 * for the next line feed each (no array of lines: the text is the whole input).
 */
export function scanTopLevel(text: string): ScannedList {
  let at = 0;
  let n = 0; // 0-based number of the line at `at`
  // Directives, `---` and comments before the mapping.
  while (at < text.length && !startsEntry(lineAt(text, at))) {
    const b = bare(lineAt(text, at));
    if (/^---[ \t]+[^\s#]/.test(b)) throw new NotBlockStyle('expected a ResourceList mapping (apiVersion, kind, items)');
    if (!isBlankOrComment(b) && !b.startsWith('%') && !/^---(\s|$)/.test(b)) {
      if (/^\s*[{[]/.test(b)) throw new NotBlockStyle('expected a ResourceList mapping (apiVersion, kind, items)');
      throw new ScanError('expected a ResourceList mapping (apiVersion, kind, items)', n + 1);
    }
    at = nextLineStart(text, at);
    n++;
  }
  const leading = text.slice(0, at);
  const entries: TopEntry[] = [];
  let trailing = '';
  while (at < text.length) {
    const key = topLevelKey(lineAt(text, at));
    if (key === undefined) throw new ScanError('expected a top-level key', n + 1);
    if (entries.some((e) => e.key === key)) throw new ScanError(`duplicate key "${key}"`, n + 1);
    const start = at;
    const startLine = n + 1;
    for (at = nextLineStart(text, at), n++; at < text.length; at = nextLineStart(text, at), n++) {
      // Most lines are indented: they belong to the entry, and need no closer look.
      if (text.charCodeAt(at) === 32) continue;
      const line = lineAt(text, at);
      if (startsEntry(line)) break;
      const b = bare(line);
      if (/^(\.\.\.|---)(\s|$)/.test(b)) {
        const next = b.startsWith('---') ? n + 1 : anotherDocumentAfterEnd(text, nextLineStart(text, at), n + 2);
        if (next !== undefined) throw new ScanError('more than one YAML document: expected one ResourceList', next);
        trailing = text.slice(at);
        entries.push({ key, text: text.slice(start, at), line: startLine });
        return { leading, entries, trailing };
      }
      if (!isBlankOrComment(b) && indentOf(b) === 0 && !b.startsWith('-') && !closesOpenFlow(b, text, start, at)) {
        throw new ScanError(`cannot read line as part of "${key}"`, n + 1);
      }
    }
    entries.push({ key, text: text.slice(start, at), line: startLine });
  }
  return { leading, entries, trailing };
}

/**
 * After `...` only comments (and more `...`) may follow: the 1-based number of the first line
 * that is anything else (another document), or undefined. `line` is the number of the line at
 * `at`.
 */
function anotherDocumentAfterEnd(text: string, at: number, line: number): number | undefined {
  for (; at < text.length; at = nextLineStart(text, at), line++) {
    const b = bare(lineAt(text, at));
    if (!isBlankOrComment(b) && !/^\.\.\.(\s|$)/.test(b)) return line;
  }
  return undefined;
}

function startsEntry(line: string): boolean {
  const c = line.charCodeAt(0);
  return c !== 32 && c !== 35 && c !== 45 && c !== 9 && c !== 10 && c !== 13 && topLevelKey(line) !== undefined;
}

/** The inline value on a key line (after `key:`), without a trailing comment. */
export function inlineValue(keyLine: string): string {
  const b = bare(keyLine);
  const m = TOP_KEY.exec(b);
  const rest = m ? b.slice(m[0].length) : '';
  return rest.replace(/(^|\s)#.*$/, '').trim();
}

/**
 * Splits the `items` entry into one chunk per item, walking its lines by offset (see
 * scanTopLevel).
 */
export function scanItems(entry: TopEntry): ScannedItems {
  const text = entry.text;
  let at = nextLineStart(text, 0);
  let n = 1; // 0-based number of the line at `at`, within the entry
  const inline = inlineValue(text.slice(0, at));
  if (inline === '[]' || inline === '~' || inline === 'null') {
    for (; at < text.length; at = nextLineStart(text, at), n++) if (!isBlankOrComment(lineAt(text, at))) throw new ScanError('unexpected content after items', entry.line + n);
    return { head: text, chunks: [] };
  }
  if (inline !== '') throw new NotBlockStyle('items must be a list of resources');
  for (; at < text.length && isBlankOrComment(lineAt(text, at)); n++) at = nextLineStart(text, at);
  if (at === text.length) return { head: text, chunks: [] };
  const head = text.slice(0, at);
  const col = indentOf(lineAt(text, at));
  if (!isSeqEntryAt(lineAt(text, at), col)) {
    throw new ScanError('items must be a list', entry.line + n);
  }
  const chunks: Chunk[] = [];
  let chunkStart = at;
  let chunkLine = n;
  for (; at < text.length; at = nextLineStart(text, at), n++) {
    // Lines deeper than the items' dashes belong to the current item: no closer look.
    if (deeperThan(text, at, col)) continue;
    const line = lineAt(text, at);
    if (isSeqEntryAt(line, col)) {
      if (at > chunkStart) chunks.push({ text: text.slice(chunkStart, at), indent: col, line: entry.line + chunkLine });
      chunkStart = at;
      chunkLine = n;
    } else if (!isBlankOrComment(line) && indentOf(line) <= col && !closesOpenFlow(line, text, chunkStart, at)) {
      throw new ScanError('cannot read line as part of an item of items (check its indentation)', entry.line + n);
    }
  }
  chunks.push({ text: text.slice(chunkStart), indent: col, line: entry.line + chunkLine });
  return { head, chunks };
}

/**
 * A line of only flow closers (`}`, `]`, commas, a comment) that closes a flow collection opened
 * earlier in the same entry or item: YAML lets a flow collection in block context close at its
 * parent's column (yaml writes multi-line flow items that way, and kpt passes them), so the line
 * belongs to what is open. The brackets are counted outside quoted scalars and comments; only
 * such a line pays for the count.
 */
function closesOpenFlow(line: string, text: string, from: number, to: number): boolean {
  if (!/^[ \t]*[\]}][\]},\s]*(#.*)?$/.test(bare(line))) return false;
  return flowDepth(text, from, to) > 0;
}

/** Open `{`/`[` minus closed ones in text[from, to), skipping quoted scalars and comments. */
function flowDepth(text: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if ((c === '"' || c === "'") && (i === from || /[\s{[,:]/.test(text[i - 1]))) {
      // A quote opens a scalar only at a token start (not inside a plain word such as it's).
      const close = closeAt(text, i + 1, to, text.charCodeAt(i));
      i = close < 0 ? to : close - 1;
    }
    else if (c === '#' && (i === from || /\s/.test(text[i - 1]))) i = text.indexOf('\n', i) < 0 ? to : text.indexOf('\n', i);
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth;
}
