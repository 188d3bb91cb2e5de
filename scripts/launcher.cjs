#!/usr/bin/env node
// The first lines of dist/llm-prefill-fn.js, written by scripts/build.mjs (see there for why).
// The rest of the file is one block comment that V8 skips without parsing:
//   /*llm-prefill-fn payload core:<base64 of the deflated bundle>:cache:<base64 of the deflated
//   V8 code cache the build recorded>:end*/
// The launcher compiles the bundle with a code cache, so that V8 deserialises recorded bytecode
// instead of parsing and compiling 1 MB of JavaScript at every start. Where the cache comes from:
// 1. The cache directory (LLM_PREFILL_FN_CACHE_DIR, else $XDG_CACHE_HOME/llm-prefill-fn, else
//    ~/.cache/llm-prefill-fn; LLM_PREFILL_FN_CACHE_DIR= turns it off): <KEY>.js and <KEY>.cache,
//    the bundle and its cache as plain files, keyed by the bundle's hash, node's version and the
//    architecture. Reading them is the fast path: no inflating, no base64, and the executable node
//    reads first stays small (~0.8 MB instead of 3.2 MB).
// 2. Else the payload: the first run inflates it and copies both into the cache directory.
// When V8 rejects the cache (another node than the build's, other V8 flags), the source is
// compiled as usual (slower, same result), and a KRM-mode run records a cache of its own at exit
// for the next runs. Every write goes to a temporary file renamed into place, so concurrent first
// runs each leave a whole file; a directory that cannot be written (read-only, no HOME) is only
// not used. LLM_PREFILL_FN_DEBUG=1 says what happened. LLM_PREFILL_FN_TIMINGS=1 starts the list of
// timed steps that a KRM-mode run prints at its end (functions/src/cli/timings.ts), with the
// launcher's own steps first.
'use strict';
(() => {
  const fs = require('node:fs');
  const { isAbsolute, join } = require('node:path');
  const { Script } = require('node:vm');
  const { wrap } = require('node:module');
  // The bundle's hash, filled in by scripts/build.mjs.
  const KEY = `${'@@BUNDLE_HASH@@'}-${process.version}-${process.arch}`;
  const debug = process.env.LLM_PREFILL_FN_DEBUG ? (message) => process.stderr.write(`llm-prefill-fn: debug: ${message}\n`) : () => {};
  // [label, ms since the process started], under the symbol cli/timings.ts reads.
  const steps = process.env.LLM_PREFILL_FN_TIMINGS ? (globalThis[Symbol.for('llm-prefill-fn.timings')] = []) : undefined;
  const mark = steps ? (label) => steps.push([label, process.uptime() * 1000]) : () => {};
  mark("node's own start-up, up to the launcher's first line");

  const dir = cacheDirectory();
  // The directory this run uses, for the processes it starts: render's docker shim hands it to
  // the container it stands in for (whose own HOME is /), so both use one cache.
  process.env.LLM_PREFILL_FN_CACHE_DIR = dir ?? '';
  const stored = dir === undefined ? undefined : readStored(dir);
  const { source, cache } = stored ?? readPayload();
  mark(stored ? 'launcher: read the bundle and its code cache from the cache directory' : 'launcher: inflated the bundle and its code cache from this file');
  const script = new Script(wrap(source), { filename: __filename, cachedData: cache.length > 0 ? cache : undefined });
  const rejected = cache.length === 0 || script.cachedDataRejected === true;
  debug(`code cache ${cache.length === 0 ? 'none in this build' : rejected ? 'rejected by this node (compiled from source)' : 'accepted'}`);
  mark(rejected ? 'launcher: compiled the bundle (no code cache V8 accepts)' : 'launcher: V8 deserialised the code cache');
  // Written when the run is over (its output is out; any debug line comes last). A rejected cache
  // is replaced by one of this node, recorded after a KRM-mode run (the common run, whose compiled
  // functions the next runs need).
  if (dir !== undefined && !rejected && stored === undefined) process.once('exit', () => store(dir, source, cache));
  if (dir !== undefined && rejected && process.argv.length === 2) process.once('exit', () => store(dir, source, cacheOfThisRun()));

  // A 32x interrupt budget (V8's default is 66 KB of bytecode): functions are optimised later. A
  // run is short, and most of it is `yaml` parsing a few dozen items: optimised early, its code
  // was thrown away and optimised again (--trace-opt/--trace-deopt on the bench's large input: 85
  // optimisations and 24 deoptimisations with the default, 28 optimisations with 4x, 4 with 32x;
  // each optimisation is TurboFan work on a second thread, which a busy machine pays). Measured in
  // CPU time, interleaved, on a busy 2-core machine (wall time there was noise): the large input
  // 298 ms with 4x, 253 with 8x, 248 with 16x, 233 with 32x; the typical overlay and the 28 MB
  // input the same with all four (the 28 MB one still optimises its hot functions: 30 of them);
  // turning the optimiser off was 14% slower there. Set after the code cache is read: flags that
  // V8 hashes into the cache's check must not differ from the build's. (A larger young
  // generation, --min-semi-space-size=16, set here did not change the number of scavenges: V8
  // sizes it when the heap is set up, before this line runs.)
  const v8 = require('node:v8');
  v8.setFlagsFromString('--interrupt-budget=2162688');
  mark('launcher: loaded node:v8, set the interrupt budget');
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, __filename, __dirname);
  // The bundle's top level has run, and main() up to its first wait (reading stdin comes next).
  mark('bundle: modules initialised');

  /** V8 stamps a cache with its flags: recorded with the default budget, as the next run reads it. */
  function cacheOfThisRun() {
    v8.setFlagsFromString('--interrupt-budget=67584');
    return script.createCachedData();
  }

  /** Relative XDG_CACHE_HOME or HOME are ignored (as the XDG spec says): never a directory in the cwd. */
  function cacheDirectory() {
    const { LLM_PREFILL_FN_CACHE_DIR: set, XDG_CACHE_HOME: xdg, HOME: home } = process.env;
    if (set !== undefined) return set === '' ? undefined : set;
    if (xdg && isAbsolute(xdg)) return join(xdg, 'llm-prefill-fn');
    return home && isAbsolute(home) ? join(home, '.cache', 'llm-prefill-fn') : undefined;
  }

  /** The bundle and its cache from the cache directory, or undefined (not there yet, unreadable). */
  function readStored(from) {
    try {
      // The cache first: it is renamed into place after the source. The bundle is ASCII (the build
      // checks): read as latin1, it is copied into a string as it is, ~1 ms less than as UTF-8.
      const storedCache = fs.readFileSync(join(from, `${KEY}.cache`));
      return { source: fs.readFileSync(join(from, `${KEY}.js`), 'latin1'), cache: storedCache };
    } catch {
      return undefined;
    }
  }

  function readPayload() {
    const { inflateRawSync } = require('node:zlib');
    const MARK = '\n/*llm-prefill-fn payload core:';
    const text = fs.readFileSync(__filename, 'latin1');
    const start = text.lastIndexOf(MARK);
    const cacheAt = text.indexOf(':cache:', start);
    const end = text.indexOf(':end*/', cacheAt);
    if (start < 0 || cacheAt < 0 || end < 0) throw new Error(`${__filename}: the bundle is missing (rebuild with npm run build)`);
    const inflate = (base64) => (base64.length === 0 ? Buffer.alloc(0) : inflateRawSync(Buffer.from(base64, 'base64')));
    return { source: inflate(text.slice(start + MARK.length, cacheAt)).toString('utf8'), cache: inflate(text.slice(cacheAt + 7, end)) };
  }

  /** Writes the bundle (if missing) and a cache into the directory; a failure only skips it. */
  function store(to, bundle, data) {
    try {
      fs.mkdirSync(to, { recursive: true, mode: 0o700 });
      const js = join(to, `${KEY}.js`);
      if (!fs.existsSync(js)) writeWhole(js, bundle);
      writeWhole(join(to, `${KEY}.cache`), data);
      debug(`code cache stored in ${to}`);
      pruneOthers(to);
    } catch (e) {
      debug(`code cache not stored in ${to}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Every build and node version adds 2.3 MB: the newest KEEP keys stay, older ones and temporary
   * files left by a killed run (older than a minute) go. Only files named as this launcher names
   * them are touched; a file another run removes first is no failure.
   */
  function pruneOthers(from) {
    const KEEP = 4;
    const named = /^[0-9a-f]{16}-v[\w.-]+?\.(cache|js)(\.\d+\.\w+\.tmp)?$/;
    const entries = [];
    for (const name of fs.readdirSync(from)) {
      if (!named.test(name)) continue;
      const stat = fs.statSync(join(from, name), { throwIfNoEntry: false });
      if (stat) entries.push({ name, key: name.replace(/\.(cache|js).*$/, ''), tmp: name.endsWith('.tmp'), mtime: stat.mtimeMs });
    }
    const keys = [...new Set(entries.filter((e) => !e.tmp).sort((a, b) => b.mtime - a.mtime).map((e) => e.key))];
    const kept = new Set([KEY, ...keys.filter((k) => k !== KEY).slice(0, KEEP - 1)]);
    for (const e of entries) {
      if (e.tmp ? Date.now() - e.mtime > 60000 : !kept.has(e.key)) fs.rmSync(join(from, e.name), { force: true });
    }
  }

  /** A temporary file renamed into place: readers see the old file, or the whole new one. */
  function writeWhole(path, data) {
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.writeFileSync(temporary, data, { mode: 0o600 });
      fs.renameSync(temporary, path);
    } catch (e) {
      fs.rmSync(temporary, { force: true });
      throw e;
    }
  }
})();
