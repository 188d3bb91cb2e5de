// The benchmark's `yaml`-alone floor: node's floor (scripts/bench/floor.cjs) plus the one thing
// a function that reads its input with `yaml` cannot skip on an input whose every item it edits
// (as the typical overlay's): `yaml` parsing it into a Document. It then writes the input back
// unchanged (no printing: the function's own reprinter only splices the edits into the input's
// text). It reads and writes as the function does (functions/src/cli/stdin.ts and
// stdout.ts), and scripts/bench/yaml-alone.mjs packs it as the function is packed (the launcher,
// the code cache of a training run, the interrupt budget), so the two start exactly alike.
// LLM_PREFILL_FN_TIMINGS=1 prints its steps as the function prints its own.
import { parseDocument } from 'yaml';
import { readStandardInput } from '../../functions/src/cli/stdin';
import { Stdout } from '../../functions/src/cli/stdout';
import { formatTimings, mark, recordedSteps } from '../../functions/src/cli/timings';

async function main() {
  const input = await readStandardInput();
  if (input.problem) throw new Error(input.problem.message);
  mark(`read stdin (${input.text.length} characters)`);
  const doc = parseDocument(input.text);
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
  mark('parse (yaml)');
  new Stdout().write(input.text);
  mark('write stdout');
  const steps = recordedSteps();
  if (steps) process.stderr.write(formatTimings(steps));
}

main().catch((e) => {
  process.stderr.write(`yaml alone: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
