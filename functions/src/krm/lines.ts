/**
 * Line-level helpers shared by the scanners. The codec works on whole lines so that text it does
 * not need to understand is copied byte for byte (line endings included).
 */

/** Splits text into lines that keep their own line ending ("\n" or "\r\n"). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** A line without its line ending. */
export function bare(line: string): string {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** Number of leading spaces (YAML indentation is spaces only). */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

/** Where the line after the one starting at `at` starts (the text's length after the last line). */
export function nextLineStart(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

/** The line that starts at `at`, with its line ending. */
export function lineAt(text: string, at: number): string {
  return text.slice(at, nextLineStart(text, at));
}

/** True when the line starting at `at` has more than `col` leading spaces (a deeper line). */
export function deeperThan(text: string, at: number, col: number): boolean {
  for (let k = 0; k <= col; k++) if (text.charCodeAt(at + k) !== 32) return false;
  return true;
}

/** True for lines that carry no YAML content: blank, or only a comment. */
export function isBlankOrComment(line: string): boolean {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  const c = line.charCodeAt(i);
  if (i === line.length || c === 10 || c === 35) return true;
  // Content (the common case, on every line the scanners read): no regex, no slice.
  if (c > 32 && c < 127) return false;
  if (c === 13 && i + 1 >= line.length - 1) return true;
  return /^\s*$/.test(line.slice(i));
}

/** True when the line, at column `col`, starts a block sequence entry ("-" then space or end). */
export function isSeqEntryAt(line: string, col: number): boolean {
  const text = bare(line);
  if (indentOf(text) !== col || text[col] !== '-') return false;
  const next = text[col + 1];
  return next === undefined || next === ' ' || next === '\t';
}

/** The line ending used by a text: CRLF if its first line ends so, else LF. */
export function lineEndingOf(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** Re-indents every non-empty line by `by` spaces (YAML semantics are kept: see encode.ts). */
export function indentLines(text: string, by: number): string {
  if (by === 0) return text;
  const pad = ' '.repeat(by);
  return splitLines(text)
    .map((line) => (bare(line) === '' ? line : pad + line))
    .join('');
}
