// Records a V8 code cache for the bundle (called by scripts/build.mjs): compiles the source at
// argv[2] exactly as scripts/launcher.cjs does, runs it on the training input given on stdin (the
// function's own KRM mode), and when the run is over writes script.createCachedData() to argv[3].
// Made after the run, the cache holds the bytecode of every function the run compiled, not only
// the top level, so a real run later finds nearly all of its code already compiled.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
const { wrap } = require('node:module');

const [file, out] = process.argv.slice(2);
const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file });
process.on('exit', () => writeFileSync(out, script.createCachedData()));
const mod = { exports: {} };
process.argv = [process.argv[0], file];
script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, __dirname);
