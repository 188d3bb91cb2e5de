/**
 * Writing stdout with blocking writes of descriptor 1, not through process.stdout: creating that
 * stream for a pipe loads node:net and the stream machinery (~2 ms of every start, for a run
 * that writes its output once). A descriptor in non-blocking mode (EAGAIN, as when a parent hands
 * over its own pipe) hands the rest to process.stdout, and every later write follows it, in order.
 */
import { writeSync } from 'node:fs';

/** Writes bytes from an offset; returns how many it wrote; throws when it cannot. */
export type WriteChunk = (data: Buffer, offset: number) => number;

const writeFd1: WriteChunk = (data, offset) => writeSync(1, data, offset, data.length - offset);

/** Writes to stdout: blocking writes until one fails with EAGAIN, then the stream. */
export class Stdout {
  private stream: NodeJS.WritableStream | undefined;

  constructor(
    private readonly writeChunk: WriteChunk = writeFd1,
    private readonly openStream: () => NodeJS.WritableStream = guardedStdout,
  ) {}

  write(text: string): void {
    if (this.stream) {
      this.stream.write(text);
      return;
    }
    const data = Buffer.from(text, 'utf8');
    let at = 0;
    try {
      while (at < data.length) at += this.writeChunk(data, at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return failedStdout(e as NodeJS.ErrnoException);
      if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`llm-prefill-fn: debug: stdout: a blocking write failed (EAGAIN): the rest goes to the stream\n`);
      this.stream = this.openStream();
      this.stream.write(data.subarray(at));
    }
  }
}

let guarded = false;

/** process.stdout, with the handler that turns a failed write into exit 1 (once). */
export function guardedStdout(): NodeJS.WritableStream {
  if (!guarded) process.stdout.on('error', failedStdout);
  guarded = true;
  return process.stdout;
}

/** A reader that goes away (kpt killed, `| head`) must not turn into an uncaught exception. */
function failedStdout(e: NodeJS.ErrnoException): never {
  if (e.code !== 'EPIPE') process.stderr.write(`llm-prefill-fn: cannot write stdout: ${e.message}\n`);
  process.exit(1);
}
