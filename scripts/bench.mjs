#!/usr/bin/env node
// npm run bench: this function against the floor (node + the yaml Lexer over the input + writing
// it back) and the peer (a do-nothing kpt-functions SDK function), on a typical overlay and on a
// large repository. Runs are interleaved after a warm-up; medians over RUNS runs; peak memory.
// Targets: (a) typical overlay at most 1.3x the floor; (b) large input at most 1.0x the peer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputs } from './bench/inputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const rss = join(root, 'scripts/bench/rss.cjs');
const tmp = mkdtempSync(join(tmpdir(), 'bench-'));

const contenders = {
  function: [join(root, 'dist/llm-prefill-fn.js')],
  floor: [join(root, 'scripts/bench/floor.cjs')],
  peer: [join(root, 'scripts/bench/peer.cjs')],
};

function once(args, input) {
  const rssFile = join(tmp, 'rss');
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', rss, ...args], { input, maxBuffer: 1 << 28, env: { ...process.env, BENCH_RSS_FILE: rssFile } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${args[0]} exited ${run.status}: ${run.stderr.toString().slice(0, 500)}`);
  return { ms, kb: Number(readFileSync(rssFile, 'utf8')) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(name, input) {
  for (const args of Object.values(contenders)) once(args, input); // warm-up (disk cache, JIT of node itself)
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  const peak = Object.fromEntries(Object.keys(contenders).map((k) => [k, 0]));
  for (let i = 0; i < RUNS; i++) {
    for (const [k, args] of Object.entries(contenders)) {
      const r = once(args, input);
      times[k].push(r.ms);
      peak[k] = Math.max(peak[k], r.kb);
    }
  }
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  console.log(`\n${name}: ${(input.length / 1e6).toFixed(2)} MB, ${(input.match(/^- /gm) ?? []).length} items, median of ${RUNS} interleaved runs`);
  for (const k of Object.keys(contenders)) console.log(`  ${k.padEnd(9)} ${med[k].toFixed(1).padStart(8)} ms   peak ${(peak[k] / 1024).toFixed(0).padStart(5)} MB`);
  return med;
}

const { typical, large } = inputs(root);
writeFileSync(join(tmp, 'typical.yaml'), typical);
writeFileSync(join(tmp, 'large.yaml'), large);
console.log(`llm-prefill-fn benchmark on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version} (inputs in ${tmp})`);
const a = measure('(a) typical overlay', typical);
const b = measure('(b) large input', large);
const ra = a.function / a.floor;
const rb = b.function / b.peer;
console.log(`\n(a) function / floor = ${ra.toFixed(2)}  (target <= 1.30) ${ra <= 1.3 ? 'OK' : 'MISSED'}`);
console.log(`(b) function / peer  = ${rb.toFixed(2)}  (target <= 1.00) ${rb <= 1.0 ? 'OK' : 'MISSED'}`);
console.log(`    for reference: (a) function / peer = ${(a.function / a.peer).toFixed(2)}, (b) function / floor = ${(b.function / b.floor).toFixed(2)}`);
process.exitCode = ra <= 1.3 && rb <= 1.0 ? 0 : 1;
