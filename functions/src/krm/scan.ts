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
import { bare, deeperThan, indentOf, isBlankOrComment, isSeqEntryAt, lineStarts } from './lines';

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
  const starts = lineStarts(text);
  const lineAt = (i: number) => text.slice(starts[i], starts[i + 1] ?? text.length);
  const offset = (i: number) => (i < starts.length ? starts[i] : text.length);
  let i = 0;
  // Directives, `---` and comments before the mapping.
  while (i < starts.length && !startsEntry(lineAt(i))) {
    const b = bare(lineAt(i));
    if (/^---[ \t]+[^\s#]/.test(b)) throw new NotBlockStyle('expected a ResourceList mapping (apiVersion, kind, items)');
    if (!isBlankOrComment(b) && !b.startsWith('%') && !/^---(\s|$)/.test(b)) {
      if (/^\s*[{[]/.test(b)) throw new NotBlockStyle('expected a ResourceList mapping (apiVersion, kind, items)');
      throw new ScanError('expected a ResourceList mapping (apiVersion, kind, items)', i + 1);
    }
    i++;
  }
  const leading = text.slice(0, offset(i));
  const entries: TopEntry[] = [];
  let trailing = '';
  while (i < starts.length) {
    const key = topLevelKey(lineAt(i));
    if (key === undefined) throw new ScanError('expected a top-level key', i + 1);
    if (entries.some((e) => e.key === key)) throw new ScanError(`duplicate key "${key}"`, i + 1);
    const start = i++;
    for (; i < starts.length; i++) {
      // Most lines are indented: they belong to the entry, and need no closer look.
      if (text.charCodeAt(starts[i]) === 32) continue;
      const line = lineAt(i);
      if (startsEntry(line)) break;
      const b = bare(line);
      if (/^(\.\.\.|---)(\s|$)/.test(b)) {
        // After `...` only comments may follow: anything else is another document.
        let next = -1;
        if (b.startsWith('---')) next = i;
        else for (let j = i + 1; j < starts.length && next < 0; j++) if (!isBlankOrComment(lineAt(j)) && !/^\.\.\.(\s|$)/.test(bare(lineAt(j)))) next = j;
        if (next >= 0) throw new ScanError('more than one YAML document: expected one ResourceList', next + 1);
        trailing = text.slice(starts[i]);
        entries.push({ key, text: text.slice(starts[start], starts[i]), line: start + 1 });
        return { leading, entries, trailing };
      }
      if (!isBlankOrComment(b) && indentOf(b) === 0 && !b.startsWith('-')) {
        throw new ScanError(`cannot read line as part of "${key}"`, i + 1);
      }
    }
    entries.push({ key, text: text.slice(starts[start], offset(i)), line: start + 1 });
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
  const text = entry.text;
  const starts = lineStarts(text);
  const lineAt = (i: number) => text.slice(starts[i], starts[i + 1] ?? text.length);
  const inline = inlineValue(lineAt(0));
  if (inline === '[]' || inline === '~' || inline === 'null') {
    for (let j = 1; j < starts.length; j++) if (!isBlankOrComment(lineAt(j))) throw new ScanError('unexpected content after items', entry.line + j);
    return { head: text, chunks: [] };
  }
  if (inline !== '') throw new NotBlockStyle('items must be a list of resources');
  let i = 1;
  while (i < starts.length && isBlankOrComment(lineAt(i))) i++;
  if (i === starts.length) return { head: text, chunks: [] };
  const head = text.slice(0, starts[i]);
  const col = indentOf(lineAt(i));
  if (!isSeqEntryAt(lineAt(i), col)) {
    throw new ScanError('items must be a list', entry.line + i);
  }
  const boundaries: number[] = [];
  for (; i < starts.length; i++) {
    // Lines deeper than the items' dashes belong to the current item: no closer look.
    if (deeperThan(text, starts[i], col)) continue;
    const line = lineAt(i);
    if (isSeqEntryAt(line, col)) boundaries.push(i);
    else if (!isBlankOrComment(line) && indentOf(line) <= col) {
      throw new ScanError('cannot read line as part of an item of items (check its indentation)', entry.line + i);
    }
  }
  const chunks = boundaries.map((b, n) => ({
    text: text.slice(starts[b], n + 1 < boundaries.length ? starts[boundaries[n + 1]] : text.length),
    indent: col,
    line: entry.line + b,
  }));
  return { head, chunks };
}
