import { Readable } from 'node:stream';
import { readStandardInput, type ReadChunk } from './stdin';

/** A fake descriptor: serves `pieces` in order, then throws `failWith` (if any), else says end. */
function descriptor(pieces: Buffer[], failWith?: Error): { read: ReadChunk; reads: () => number } {
  let next = 0;
  let reads = 0;
  const read: ReadChunk = (buffer) => {
    reads++;
    if (next < pieces.length) {
      const piece = pieces[next++];
      piece.copy(buffer);
      return piece.length;
    }
    if (failWith) throw failWith;
    return 0;
  };
  return { read, reads: () => reads };
}

const eagain = () => Object.assign(new Error('EAGAIN: resource temporarily unavailable, read'), { code: 'EAGAIN' });
const noStream = () => {
  throw new Error('the stream must not be used');
};

describe('readStandardInput', () => {
  test('blocking reads to the end: the stream is never created', async () => {
    const fd = descriptor([Buffer.from('apiVersion: v1\n'), Buffer.from('kind: List\n')]);
    const input = await readStandardInput(1000, fd.read, noStream);
    expect(input.text).toBe('apiVersion: v1\nkind: List\n');
    expect(fd.reads()).toBe(3); // two pieces and the end
  });

  test('a failed read (a non-blocking pipe: EAGAIN) hands the rest to the stream, in order', async () => {
    const fd = descriptor([Buffer.from('one\n'), Buffer.from('two\n')], eagain());
    const input = await readStandardInput(1000, fd.read, () => Readable.from([Buffer.from('three\n'), Buffer.from('four\n')]));
    expect(input.text).toBe('one\ntwo\nthree\nfour\n');
  });

  test('a UTF-8 character split between the blocking read and the stream is decoded whole', async () => {
    const euro = Buffer.from('€'); // 3 bytes
    const fd = descriptor([Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)])], eagain());
    const input = await readStandardInput(1000, fd.read, () => Readable.from([euro.subarray(1)]));
    expect(input).toEqual({ text: 'a€' });
  });

  test('the limit counts both parts; the stream is still read to its end', async () => {
    const fd = descriptor([Buffer.alloc(600, 0x61)], eagain());
    const rest = Readable.from([Buffer.alloc(300, 0x61), Buffer.alloc(300, 0x61)]);
    const input = await readStandardInput(1000, fd.read, () => rest);
    expect(input.problem?.message).toBe("the input is 0.0 MiB: larger than the function's limit of 0.0 MiB");
    expect(rest.readableEnded).toBe(true);
  });

  test('over the limit with blocking reads alone: a problem, and every read is still made', async () => {
    const fd = descriptor(Array.from({ length: 5 }, () => Buffer.alloc(300, 0x61)));
    const input = await readStandardInput(1000, fd.read, noStream);
    expect(input.problem?.message).toMatch(/larger than the function's limit/);
    expect(fd.reads()).toBe(6);
  });

  test('a failure of the stream too is thrown (krm-mode reports "cannot read stdin")', async () => {
    const fd = descriptor([], Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
    const failing = new Readable({
      read() {
        this.destroy(new Error('EIO: i/o error, read'));
      },
    });
    await expect(readStandardInput(1000, fd.read, () => failing)).rejects.toThrow('EIO: i/o error, read');
  });
});
