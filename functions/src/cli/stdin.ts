/**
 * Reading the input: all of stdin, bounded by LIMITS.inputBytes, and checked to be UTF-8 (YAML
 * as kpt and kustomize read it).
 */
import { readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { LIMITS, mib } from '../krm/limits';
import { error, type Result } from '../krm/results';

export type Input = { text: string; problem?: undefined } | { problem: Result; text?: undefined };

/** Reads into a buffer; returns the number of bytes read, 0 at the end; throws when it cannot. */
export type ReadChunk = (buffer: Buffer) => number;

const readFd0: ReadChunk = (buffer) => readSync(0, buffer, 0, buffer.length, null);

/**
 * All of stdin. Read with blocking reads of descriptor 0 while they work: no stream is set up
 * and no event loop turn is taken per 64 KiB (a few ms less on a 3 MB input than the stream).
 * A non-blocking pipe (readSync fails with EAGAIN when the writer is slower than the reader, as
 * it may when a parent hands its own pipe over) or any other failure leaves the rest to the
 * stream, which waits for data (and reports real errors). Nothing may touch process.stdin before
 * this: creating it switches a pipe to non-blocking mode.
 */
export async function readStandardInput(limit: number = LIMITS.inputBytes, readChunk: ReadChunk = readFd0, rest: () => Readable = () => process.stdin): Promise<Input> {
  const input = new InputPieces(limit);
  const failed = readSyncToEnd(readChunk, input);
  if (failed !== undefined) {
    if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`llm-prefill-fn: debug: stdin: a blocking read failed (${failed}) after ${input.size} bytes: the rest is read as a stream\n`);
    await readStreamTo(rest(), input);
  }
  return input.finish();
}

/** Reads to the end; when a read fails, stops and returns why (its error code, else message). */
function readSyncToEnd(readChunk: ReadChunk, input: InputPieces): string | undefined {
  for (;;) {
    const buffer = Buffer.allocUnsafe(1 << 16);
    let n: number;
    try {
      n = readChunk(buffer);
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
    }
    if (n === 0) return undefined;
    input.add(buffer.subarray(0, n));
  }
}

/**
 * A stream, read to its end. (readFileSync(0) alone fails with EAGAIN on a non-blocking pipe
 * whose input is larger than the pipe's buffer.)
 */
export async function readInput(stream: Readable, limit: number = LIMITS.inputBytes): Promise<Input> {
  const input = new InputPieces(limit);
  await readStreamTo(stream, input);
  return input.finish();
}

async function readStreamTo(stream: Readable, input: InputPieces): Promise<void> {
  for await (const chunk of stream) input.add(chunk as Buffer);
}

/**
 * The input's pieces, up to the limit. Input over the limit is read to its end (a writer that
 * cannot finish writing would report a broken pipe instead of our results) but not kept.
 */
class InputPieces {
  private readonly pieces: Buffer[] = [];
  private total = 0;

  constructor(private readonly limit: number) {}

  /** Bytes added so far, kept or not. */
  get size(): number {
    return this.total;
  }

  add(piece: Buffer): void {
    this.total += piece.length;
    if (this.total <= this.limit) this.pieces.push(piece);
    else this.pieces.length = 0;
  }

  finish(): Input {
    if (this.total > this.limit) return { problem: error(`the input is ${mib(this.total)}: larger than the function's limit of ${mib(this.limit)}`) };
    const bytes = Buffer.concat(this.pieces, this.total);
    this.pieces.length = 0; // the pieces can go before the text is made
    return decodeUtf8(bytes);
  }
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
