#!/usr/bin/env node
// The first lines of dist/llm-prefill-fn.js, written by scripts/build.mjs (see there for why).
// The rest of the file is one block comment that V8 skips without parsing:
//   /*llm-prefill-fn payload core:<base64 of the bundle>:cache:<base64 of a V8 code cache>:end*/
// This launcher compiles the bundle with the code cache, so that V8 deserialises the bytecode
// the build recorded instead of parsing and compiling 1 MB of JavaScript at every start. When
// the cache does not fit this node (another V8 version or flags), V8 rejects it and compiles the
// source as usual: slower, same result. LLM_PREFILL_FN_DEBUG=1 says which happened.
'use strict';
(() => {
  const { readFileSync } = require('node:fs');
  const { Script } = require('node:vm');
  const { wrap } = require('node:module');
  const MARK = '\n/*llm-prefill-fn payload core:';
  const text = readFileSync(__filename, 'latin1');
  const start = text.lastIndexOf(MARK);
  const cacheAt = text.indexOf(':cache:', start);
  const end = text.indexOf(':end*/', cacheAt);
  if (start < 0 || cacheAt < 0 || end < 0) throw new Error(`${__filename}: the bundle is missing (rebuild with npm run build)`);
  const source = Buffer.from(text.slice(start + MARK.length, cacheAt), 'base64').toString('utf8');
  const cache = Buffer.from(text.slice(cacheAt + 7, end), 'base64');
  const script = new Script(wrap(source), { filename: __filename, cachedData: cache.length > 0 ? cache : undefined });
  if (process.env.LLM_PREFILL_FN_DEBUG) {
    const state = cache.length === 0 ? 'none in this build' : script.cachedDataRejected ? 'rejected by this node (compiled from source)' : 'accepted';
    process.stderr.write(`llm-prefill-fn: debug: code cache ${state}\n`);
  }
  // A 4x interrupt budget (V8's default is 66 KB of bytecode): functions are optimised later. A run
  // is short, and most of it is `yaml` parsing a few dozen items: optimised early, its code was
  // thrown away and optimised again (--trace-deopt on the bench's large input: 85 optimisations
  // and 24 deoptimisations before, 33 and 2 now). Measured on 2 cores (npm run bench): the large
  // input ~15% faster, the typical one ~10%, an 11 MB input ~5%; turning the optimiser off
  // instead was 25% slower on the 11 MB input. Set after the code cache is read: flags that V8
  // hashes into the cache's check must not differ from the build's. (A larger young generation,
  // --min-semi-space-size=16, set here did not change the number of scavenges: V8 sizes it when
  // the heap is set up, before this line runs.)
  require('node:v8').setFlagsFromString('--interrupt-budget=270336');
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, __filename, __dirname);
})();
