/**
 * The function, end to end: check input -> decode -> read config -> plan -> patch -> flux scope
 * -> validate -> summarise -> encode. Each stage is a module (stages/ and the folders it calls);
 * this file only says their order. Pure over text: the CLI (cli/) owns stdin, stdout and the exit code.
 * `stageDone` hears the end of each stage (cli/timings.ts, for LLM_PREFILL_FN_TIMINGS).
 */
import { fluxBeyondManaged } from './filters/flux-scope';
import { decode, DecodeError, type ResourceList } from './krm/decode';
import { inputProblem } from './krm/input-problem';
import { error } from './krm/results';
import { failedBeforeDecode, runOutput, type RunOutput } from './krm/run-output';
import { checkOutputStage } from './stages/check-output-stage';
import { patchItems } from './stages/patch-items';
import { patchedIndexes, planRun } from './stages/plan-run';
import { readInput } from './stages/read-input';
import { dollarSummary, summarise } from './stages/summarise';
import { variableReport } from './variables/report';
import type { Env } from './variables/resolve';

export { failedBeforeDecode, inputProblem, type RunOutput };

/** Told the name of each stage as it ends. */
export type StageDone = (stage: string) => void;

const unheard: StageDone = () => {};

/**
 * runFunction, and for a bug of ours (an exception) still a ResourceList: the items unchanged
 * when the input can be read, and an error result that says what happened.
 */
export function runFunctionSafely(input: string, env: Env = {}, stageDone: StageDone = unheard): RunOutput {
  try {
    return runFunction(input, env, stageDone);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const results = [error(`internal error: ${err.message} (please report it; LLM_PREFILL_FN_DEBUG=1 prints a stack trace)`)];
    if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
    try {
      return runOutput(decode(input), results);
    } catch {
      return failedBeforeDecode(results);
    }
  }
}

/** `env`: the process environment, where pipeline variables and Argo CD's build environment come from. */
export function runFunction(input: string, env: Env = {}, stageDone: StageDone = unheard): RunOutput {
  const unreadable = inputProblem(input);
  if (unreadable) return failedBeforeDecode([unreadable]);
  let list: ResourceList;
  try {
    list = decode(input);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const where = e.line ? `input line ${e.line}: ` : '';
    return failedBeforeDecode([error(`${where}${e.message}`, e.line ? { file: { path: 'stdin' }, tags: { line: String(e.line) } } : {})]);
  }
  stageDone('decode (input checked, scanned into items)');
  return transform(list, env, stageDone);
}

function transform(list: ResourceList, env: Env, stageDone: StageDone): RunOutput {
  const read = readInput(list, env);
  if (read.problems) return runOutput(list, read.problems);
  const cfg = read.config;
  stageDone('read config');
  const run = planRun(list.items, cfg);
  stageDone('plan (services parsed)');
  const patched = patchItems(list.items, run, cfg);
  // Flux substitutes in every resource of the Kustomization, not only in those the overlay patches.
  const flux = fluxBeyondManaged(list.items, patchedIndexes(run), cfg.config.spec.pipeline, cfg.variables.deferred);
  stageDone('patch (configs parsed, edited, linted, reprinted)');
  // Results in stage order; with an error among them, no edit goes out.
  const results = [
    ...run.results,
    ...patched.results,
    ...flux.results,
    ...checkOutputStage(list.items, cfg.config.spec, run, patched),
    ...variableReport(cfg.variables, cfg.usage, cfg.ref),
    dollarSummary(patched.counts),
    ...summarise(cfg.config, patched.outcomes, run.planned.managed.length),
  ];
  stageDone('validate and summarise');
  const added = patched.outcomes.filter((o) => o.added).map((o) => o.text);
  const out = runOutput(list, results, { replaced: new Map([...patched.replaced, ...flux.replaced]), added });
  stageDone('encode');
  return out;
}
