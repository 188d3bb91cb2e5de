/**
 * Where the line scanner and a YAML parser could split items differently: a quoted scalar whose
 * continuation lines are not indented, so that one reads `- apiVersion: ...` as the next item and
 * the other (and yaml, which rejects it) as text inside a string. The scanner never parses the
 * items it copies; this finds the chunks that may end inside an open quoted scalar, cheaply and
 * without false negatives, and confirms each with yaml (which reports the missing quote).
 *
 * The screen: a `"` or `'` can open a quoted scalar only at the start of a token (line start,
 * after a space, a tab or a flow indicator). Every such quote is taken as an opener; a chunk where
 * such a quote is still open at a line break is a suspect. Lines without quotes are skipped
 * without reading their characters. Legitimate multi-line quoted scalars (and a stray quote in
 * a block scalar or a plain scalar) make suspects too: yaml then reads the chunk alone, which it
 * does without an error.
 */
import { isStackOverflow, LIMITS, LimitExceeded, parseYaml } from './limits';

/** Whether the chunk's text ends inside a quoted scalar, as yaml reads it. */
export function endsInOpenQuote(text: string): boolean {
  if (text.indexOf('"') < 0 && text.indexOf("'") < 0) return false;
  return hasQuoteOpenAtLineEnd(text) && mayEndOpen(text) && yamlEndsOpen(text);
}

/**
 * A necessary condition of mayEndOpen, in one regex search: some line has a quote at the start of
 * a token that does not close before the line break (block scalars and comments not told apart:
 * those only make more chunks pass on to mayEndOpen). Most items (a ConfigMap's `"fast"`, a
 * flow map's `"2"`) have only quotes that close on their line and are done here; the property
 * test in open-quotes.test.ts checks that mayEndOpen is never true where this is false.
 */
export function hasQuoteOpenAtLineEnd(text: string): boolean {
  try {
    return OPEN_AT_LINE_END.test(text);
  } catch (e) {
    // The regex engine's backtracking stack on a line of millions of escapes: let the screen decide.
    if (isStackOverflow(e)) return true;
    throw e;
  }
}

/**
 * A token-start quote (line start, space, tab, `[`, `{`, `,`) and the rest of its line without its
 * closing quote: for `"`, no unescaped `"` (a backslash escapes the next character); for `'`, no
 * `'` that is not doubled. (With the m flag, `^` and `$` also match at `\r`: more matches only.)
 * Written as unrolled loops (a run of plain characters, then an escape and another run): an
 * alternation inside `*` keeps a backtracking entry per character, which a 20 MB line overflows.
 */
const OPEN_AT_LINE_END = /(?:^|[ \t[{,])(?:"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*\\?|'[^'\n]*(?:''[^'\n]*)*)$/m;

export function mayEndOpen(text: string): boolean {
  let open = 0; // the quote character code while inside a quoted scalar, else 0
  // The next `"` and `'` at or after the current line (searched for again only once passed):
  // most lines have none and are skipped without a look at their characters.
  let dq = -1;
  let sq = -1;
  let hash = -1;
  let blockIndent = -1; // while in a block scalar's content: the indentation of its header line
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (open === 0 && blockIndent >= 0) {
      // A block scalar's content (most of a KServe config's text): skipped in one regex search
      // for the line that ends it, instead of a look at each line.
      start = blockEnd(text, start, blockIndent);
      blockIndent = -1;
      continue;
    }
    if (hash < start) hash = nextOf(text, '#', start);
    let i = start;
    if (open !== 0) {
      i = closeAt(text, i, end, open);
      if (i < 0) {
        start = end + 1;
        continue;
      }
      open = 0;
    }
    if (dq < i) dq = nextOf(text, '"', i);
    if (sq < i) sq = nextOf(text, "'", i);
    if (Math.min(dq, sq) >= end) {
      blockIndent = blockHeaderIndent(text, start, hash < end ? commentStart(text, hash, start, end) : end);
      start = end + 1;
      continue;
    }
    let content = end; // where the line's content ends (a comment starts)
    // Nothing before the line's first quote or `#` matters.
    i = Math.max(i, Math.min(dq, sq, hash));
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      const prev = i === start ? 32 : text.charCodeAt(i - 1);
      const atToken = prev === 32 || prev === 9 || prev === 0x5b || prev === 0x7b || prev === 0x2c;
      if (c === 0x23 && (prev === 32 || prev === 9)) {
        content = i;
        break;
      }
      if ((c === 0x22 || c === 0x27) && atToken) {
        const closed = closeAt(text, i + 1, end, c);
        if (closed < 0) {
          open = c;
          break;
        }
        i = closed - 1;
      }
    }
    // A quote still open at the line break: a multi-line quoted scalar, or a stray quote.
    if (open !== 0) return true;
    blockIndent = blockHeaderIndent(text, start, content);
    start = end + 1;
  }
  return false;
}

/**
 * The start of the first line at or after `start` (a line start) that ends a block scalar whose
 * header line is indented `headerIndent` spaces: indented that much or less, and not blank (only
 * spaces, or spaces and a `\r` before its line break). text.length when none does.
 */
function blockEnd(text: string, start: number, headerIndent: number): number {
  if (start >= text.length) return start;
  const re = (BLOCK_END[headerIndent] ??= new RegExp(`\n {0,${headerIndent}}(?:[^ \n\r]|\r(?!\n|$))`, 'g'));
  re.lastIndex = start - 1;
  const found = re.exec(text);
  return found ? found.index + 1 : text.length;
}

/** blockEnd's searches, by header indentation. */
const BLOCK_END: RegExp[] = [];

/** The line's indentation when its content (up to `content`) ends in a block scalar header. */
function blockHeaderIndent(text: string, start: number, content: number): number {
  let last = content - 1;
  while (last >= start && (text.charCodeAt(last) === 32 || text.charCodeAt(last) === 9 || text.charCodeAt(last) === 13)) last--;
  if (last < start) return -1;
  // Only lines whose content can end a header are matched against the pattern.
  const c = text.charCodeAt(last);
  const mayEnd = c === 0x7c || c === 0x3e || c === 0x2d || c === 0x2b || (c >= 0x31 && c <= 0x39);
  return mayEnd && BLOCK_HEADER.test(text.slice(start, last + 1)) ? indentAt(text, start, content) : -1;
}

/** A header: `|` or `>` with chomping and indentation indicators, at the end of the content. */
const BLOCK_HEADER = /(?:^|[ \t])[|>][-+1-9]{0,2}$/;

/** Where a comment starts on a line without quotes (`#` at its start or after a space), else `end`. */
function commentStart(text: string, hash: number, start: number, end: number): number {
  for (let h = hash; h >= 0 && h < end; h = text.indexOf('#', h + 1)) {
    const prev = h === start ? 32 : text.charCodeAt(h - 1);
    if (prev === 32 || prev === 9) return h;
  }
  return end;
}

function indentAt(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return i - start;
}

function nextOf(text: string, quote: string, from: number): number {
  const at = text.indexOf(quote, from);
  return at < 0 ? Infinity : at;
}

/** Just past the closing quote of a scalar quoted with `quote` that continues at `i`, or -1. */
export function closeAt(text: string, i: number, end: number, quote: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote === 0x22 && c === 0x5c) i++;
    else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
      else return i + 1;
    }
  }
  return -1;
}

/** yaml's verdict: reading the chunk alone, it finds a quoted scalar without its closing quote. */
function yamlEndsOpen(text: string): boolean {
  if (text.length > LIMITS.parsedBytes) return false; // not read: the limits say why elsewhere
  try {
    return parseYaml(text, { prettyErrors: false }, 1).errors.some((e) => e.code === 'MISSING_CHAR' && /closing .?quote/i.test(e.message));
  } catch (e) {
    if (e instanceof LimitExceeded) return false;
    throw e;
  }
}
