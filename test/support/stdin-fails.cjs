// Preloaded into the built function (node -r) by test/e2e/bad-inputs.test.ts: reading stdin
// fails with EIO, as it would on a broken terminal or a revoked descriptor. No input can cause
// that, and it must still give a ResourceList, exit 1 and no stack trace unless
// LLM_PREFILL_FN_DEBUG=1.
const { Readable } = require('node:stream');

const failing = new Readable({
  read() {
    const error = new Error('EIO: i/o error, read');
    error.code = 'EIO';
    this.destroy(error);
  },
});
Object.defineProperty(process, 'stdin', { configurable: true, get: () => failing });
