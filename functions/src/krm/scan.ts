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
import { bare, indentOf, isBlankOrComment, isSeqEntryAt, splitLines } from './lines';

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

/** Splits a ResourceList text into its top-level entries. */
export function scanTopLevel(text: string): ScannedList {
  const lines = splitLines(text);
  let i = 0;
  let leading = '';
  // Directives, `---` and comments before the mapping.
  while (i < lines.length && !startsEntry(lines[i])) {
    const b = bare(lines[i]);
    if (/^---[ \t]+[^\s#]/.test(b)) throw new NotBlockStyle('expected a ResourceList mapping (apiVersion, kind, items)');
    if (!isBlankOrComment(lines[i]) && !b.startsWith('%') && !/^---(\s|$)/.test(b)) {
      if (/^\s*[{[]/.test(b)) throw new NotBlockStyle('expected a ResourceList mapping (apiVersion, kind, items)');
      throw new ScanError('expected a ResourceList mapping (apiVersion, kind, items)', i + 1);
    }
    leading += lines[i];
    i++;
  }
  const entries: TopEntry[] = [];
  let trailing = '';
  while (i < lines.length) {
    const key = topLevelKey(lines[i]);
    if (key === undefined) throw new ScanError('expected a top-level key', i + 1);
    if (entries.some((e) => e.key === key)) throw new ScanError(`duplicate key "${key}"`, i + 1);
    const start = i;
    let text = lines[i++];
    while (i < lines.length && !startsEntry(lines[i])) {
      const b = bare(lines[i]);
      if (/^(\.\.\.|---)(\s|$)/.test(b)) {
        // After `...` only comments may follow: anything else is another document.
        const next = b.startsWith('---') ? i : lines.findIndex((l, j) => j > i && !isBlankOrComment(l) && !/^\.\.\.(\s|$)/.test(bare(l)));
        if (next >= 0) throw new ScanError('more than one YAML document: expected one ResourceList', next + 1);
        trailing = lines.slice(i).join('');
        i = lines.length;
        break;
      }
      if (!isBlankOrComment(b) && indentOf(b) === 0 && !b.startsWith('-')) {
        throw new ScanError(`cannot read line as part of "${key}"`, i + 1);
      }
      text += lines[i++];
    }
    entries.push({ key, text, line: start + 1 });
  }
  return { leading, entries, trailing };
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

/** Splits the `items` entry into one chunk per item. */
export function scanItems(entry: TopEntry): ScannedItems {
  const lines = splitLines(entry.text);
  const inline = inlineValue(lines[0]);
  if (inline === '[]' || inline === '~' || inline === 'null') {
    const extra = lines.findIndex((l, j) => j > 0 && !isBlankOrComment(l));
    if (extra > 0) throw new ScanError('unexpected content after items', entry.line + extra);
    return { head: entry.text, chunks: [] };
  }
  if (inline !== '') throw new NotBlockStyle('items must be a list of resources');
  let i = 1;
  while (i < lines.length && isBlankOrComment(lines[i])) i++;
  const head = lines.slice(0, i).join('');
  if (i === lines.length) return { head, chunks: [] };
  const col = indentOf(lines[i]);
  if (!isSeqEntryAt(lines[i], col)) {
    throw new ScanError('items must be a list', entry.line + i);
  }
  const chunks: Chunk[] = [];
  let current: Chunk | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (isSeqEntryAt(line, col)) {
      current = { text: '', indent: col, line: entry.line + i };
      chunks.push(current);
    } else if (!isBlankOrComment(line) && indentOf(line) <= col) {
      throw new ScanError('cannot read line as part of an item of items (check its indentation)', entry.line + i);
    }
    (current as Chunk).text += line;
  }
  return { head, chunks };
}
