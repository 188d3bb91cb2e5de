// The pipeline's own work when V8 has fully optimised it: functions/src/pipeline.ts bundled as
// the function is (scripts/lib/bundle-options.mjs), run RUNS times on one input in one node
// process with V8's default flags. The median of the last third is what a run would cost with
// no start-up and no cold code: the least any run of this code can take.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleOptions } from '../lib/bundle-options.mjs';

const RUNS = 60;

const RUNNER = `'use strict';
const { runFunctionSafely } = require('./pipeline.cjs');
const input = require('node:fs').readFileSync(process.argv[2], 'utf8');
const times = [];
for (let i = 0; i < ${RUNS}; i++) {
  const started = process.hrtime.bigint();
  const out = runFunctionSafely(input, {});
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (out.failed) throw new Error(out.results.map((r) => r.message).join('; '));
}
process.stdout.write(JSON.stringify(times));
`;

/** { first, warm }: ms of the first run in the process and the median of the last third. */
export async function warmPipeline(root, tmp, inputFile, version) {
  await build({ ...bundleOptions(join(root, 'functions/src/pipeline.ts'), version), outfile: join(tmp, 'pipeline.cjs') });
  writeFileSync(join(tmp, 'warm-runner.cjs'), RUNNER);
  const run = spawnSync(process.execPath, [join(tmp, 'warm-runner.cjs'), inputFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`the in-process pipeline run failed: ${run.stderr.slice(0, 500)}`);
  const times = JSON.parse(run.stdout);
  const last = times.slice(-Math.floor(RUNS / 3)).sort((a, b) => a - b);
  return { first: times[0], warm: last[Math.floor(last.length / 2)] };
}
