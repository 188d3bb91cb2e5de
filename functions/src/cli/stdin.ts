/**
 * Reading the input: all of stdin, bounded by LIMITS.inputBytes, and checked to be UTF-8 (YAML
 * as kpt and kustomize read it). Input over the limit is read to its end (a writer that cannot
 * finish writing would report a broken pipe instead of our results) but not kept.
 */
import type { Readable } from 'node:stream';
import { LIMITS, mib } from '../krm/limits';
import { error, type Result } from '../krm/results';

export type Input = { text: string; problem?: undefined } | { problem: Result; text?: undefined };

/**
 * Read as a stream: readFileSync(0) fails with EAGAIN when stdin is a non-blocking pipe (as a
 * parent process may hand it over) and the input is larger than the pipe's buffer.
 */
export async function readInput(stream: Readable = process.stdin, limit: number = LIMITS.inputBytes): Promise<Input> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
    else chunks.length = 0;
  }
  if (size > limit) return { problem: error(`the input is ${mib(size)}: larger than the function's limit of ${mib(limit)}`) };
  const bytes = Buffer.concat(chunks, size);
  chunks.length = 0; // the pieces can go before the text is made
  return decodeUtf8(bytes);
}

/** Bytes -> text; invalid UTF-8 is a problem naming its line and byte offset. */
export function decodeUtf8(bytes: Buffer): Input {
  const text = bytes.toString('utf8');
  // The decoder puts U+FFFD where the bytes are not UTF-8; a U+FFFD in the input is checked.
  if (!text.includes('\uFFFD')) return { text };
  const bad = invalidUtf8At(bytes);
  if (bad === undefined) return { text };
  let line = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < bad; i = bytes.indexOf(10, i + 1)) line++;
  const hint = bytes[0] === 0xff || bytes[0] === 0xfe ? ' (UTF-16? convert it to UTF-8)' : ' (binary data, or another encoding: convert it to UTF-8)';
  return {
    problem: error(`input line ${line}: not valid UTF-8 at byte ${bad}${hint}`, { file: { path: 'stdin' }, tags: { line: String(line) } }),
  };
}

/** The byte offset of the first invalid UTF-8 sequence, or undefined. */
export function invalidUtf8At(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const [n, min] = b >= 0xc2 && b <= 0xdf ? [1, 0x80] : b >= 0xe0 && b <= 0xef ? [2, 0x800] : b >= 0xf0 && b <= 0xf4 ? [3, 0x10000] : [0, 0];
    if (n === 0) return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return undefined;
}
