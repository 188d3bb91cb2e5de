// Preloaded into the built function (node -r) by test/e2e/bad-inputs.test.ts: reading stdin
// fails with EIO, as it would on a broken terminal or a revoked descriptor. No input can cause
// that, and it must still give a ResourceList, exit 1 and no stack trace unless
// LLM_PREFILL_FN_DEBUG=1. Both ways the function reads stdin fail: the blocking reads of
// descriptor 0 and the process.stdin stream it falls back to (functions/src/cli/stdin.ts).
const fs = require('node:fs');
const { Readable } = require('node:stream');

const eio = () => Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });

const readSync = fs.readSync;
fs.readSync = function (fd, ...rest) {
  if (fd === 0) throw eio();
  return readSync.call(this, fd, ...rest);
};

const failing = new Readable({
  read() {
    this.destroy(eio());
  },
});
Object.defineProperty(process, 'stdin', { configurable: true, get: () => failing });
