import { Writable } from 'node:stream';
import { Stdout } from './stdout';

/** A stream that collects what it is given. */
function collector(): { stream: Writable; got: Buffer[] } {
  const got: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      got.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, got };
}

const eagain = (): never => {
  throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
};

describe('Stdout', () => {
  test('writes everything with blocking writes, resuming after partial ones', () => {
    const written: Buffer[] = [];
    const out = new Stdout(
      (data, offset) => {
        const n = Math.min(3, data.length - offset);
        written.push(Buffer.from(data.subarray(offset, offset + n)));
        return n;
      },
      () => {
        throw new Error('no stream when the writes work');
      },
    );
    out.write('héllo wörld');
    expect(Buffer.concat(written).toString()).toBe('héllo wörld');
    expect(written.length).toBe(5);
  });

  test('after EAGAIN, the rest of the piece and every later piece go to the stream, in order', () => {
    const { stream, got } = collector();
    const fd: string[] = [];
    let calls = 0;
    const out = new Stdout(
      (data, offset) => {
        if (++calls > 1) return eagain();
        fd.push(data.subarray(offset, offset + 4).toString());
        return 4;
      },
      () => stream,
    );
    out.write('first piece;');
    out.write('second piece');
    expect(fd.join('')).toBe('firs');
    expect(Buffer.concat(got).toString()).toBe('t piece;second piece');
    expect(calls).toBe(2);
  });
});
