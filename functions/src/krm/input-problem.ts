/** Stage "check input": what makes the function refuse to read its input at all. */
import { LIMITS, mib } from './limits';
import { error, type Result } from './results';

/**
 * Input the function does not read at all: larger than the limit, with characters that YAML
 * forbids anywhere (C0 control characters other than tab, line feed and carriage return: binary
 * data, or a file in another encoding), or with lone carriage returns. Invalid UTF-8 is caught
 * where the bytes are read (cli/stdin.ts).
 */
export function inputProblem(input: string): Result | undefined {
  if (input.length > LIMITS.inputBytes) return error(`the input is ${mib(input.length)}: larger than the function's limit of ${mib(LIMITS.inputBytes)}`);
  const bad = /[\x00-\x08\x0b\x0c\x0e-\x1f]/.exec(input);
  if (bad) {
    const line = lineOf(input, bad.index);
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return error(`input line ${line}: control character U+${code} is not allowed in YAML (binary data? a file in another encoding? Binary values belong base64-encoded in a Secret's data)`, {
      file: { path: 'stdin' },
      tags: { line: String(line) },
    });
  }
  // A carriage return on its own (classic Mac line endings, or a stray one): the line scanner
  // and yaml would read the text differently. LF and CRLF are what kpt and kustomize write.
  // (LF input, the common case, has no carriage return at all: one fast search instead of a regex.)
  const cr = input.includes('\r') ? /\r(?!\n)/.exec(input) : null;
  if (cr) {
    const line = lineOf(input, cr.index);
    return error(`input line ${line}: a carriage return without a line feed: use LF or CRLF line endings`, { file: { path: 'stdin' }, tags: { line: String(line) } });
  }
  return undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
