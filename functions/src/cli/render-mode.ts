/**
 * File mode: `llm-prefill-fn render DIR` runs the real engine over an overlay (kustomize) or a kpt
 * package (kpt fn render on a copy) and prints its manifests on stdout; every result of every run
 * of this function inside the engine goes to stderr, located in the source files, and the last
 * line says how it went. Exit 1 on an error (or, with --strict, a warning); 2 on a bad command line.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ENGINE_ENV, ENGINE_NAMES, RenderError, type EngineName } from '../files/engine';
import { displayPath } from '../files/locate';
import { renderDir, type Rendered } from '../files/render-dir';
import { writeManifests } from '../files/write-output';
import { resultsYaml } from '../krm/results-yaml';
import { error } from '../krm/results';
import { failed, findingLine, outcomeLine, stderrStyle, type Located, type Style } from './report';

export interface RenderArgs {
  dir: string;
  config?: string;
  out?: string;
  engine?: EngineName;
  /** From LLM_PREFILL_FN_ENGINE: used where it fits (kpt for a kpt package, else kustomize or kubectl). */
  preferredEngine?: EngineName;
  strict?: boolean;
  results?: string;
}

/** For `render --help` (cli/help.ts shows it) and the README's "Running it" table. */
export const RENDER_USAGE = `llm-prefill-fn render DIR [--out PATH] [--config FILE] [--engine kustomize|kubectl|kpt] [--strict] [--results FILE]
  DIR with a kustomization: the real kustomize builds it (a standalone kustomize with
    --enable-alpha-plugins --enable-exec, else kubectl kustomize --enable-alpha-plugins);
    a DIR with only a Kptfile: kpt fn render --allow-exec on a temporary copy.
  The container form of this function (ghcr.io/llm-prefill/llm-prefill-fn:*) runs this build
    (a docker shim first on PATH for the engine); other container functions need Docker.
  --out PATH       write the manifests to PATH (x.yaml: one stream; a directory: one file per
                   resource and a kustomization.yaml) instead of stdout
  --config FILE    use FILE as the functionConfig instead of the overlay's PrefillOverlay
  --engine NAME    pick the engine (default: kustomize, else kubectl; kpt for a kpt package);
                   ${ENGINE_ENV}=NAME does the same where NAME fits the directory
  --strict         a warning fails the run too (exit 1)
  --results FILE   write every result as kpt results YAML (for CI)
  stderr: errors and warnings (file:line: resource: field: message), one summary line per
  PrefillOverlay run, then OK, OK with N warning(s), or FAILED: N error(s); first: ...`;

export function parseRenderArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): RenderArgs | string {
  const out: Partial<RenderArgs> = {};
  const fromEnv = env[ENGINE_ENV];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--config' || arg === '--out' || arg === '--results' || arg === '--engine') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a ${arg === '--engine' ? 'name' : 'path'}`;
      if (arg === '--engine') {
        if (!isEngine(value)) return `--engine ${value}: expected one of ${ENGINE_NAMES.join(', ')}`;
        out.engine = value;
      } else out[arg.slice(2) as 'config' | 'out' | 'results'] = value;
    } else if (arg === '--strict') out.strict = true;
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (out.dir === undefined) out.dir = arg;
    else return `unexpected argument ${arg}`;
  }
  if (out.dir === undefined) return 'render needs a directory (an overlay with a kustomization.yaml, or a kpt package)';
  if (fromEnv) {
    if (!isEngine(fromEnv)) return `${ENGINE_ENV}=${fromEnv}: expected one of ${ENGINE_NAMES.join(', ')}`;
    out.preferredEngine = fromEnv;
  }
  return out as RenderArgs;
}

function isEngine(value: string): value is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(value);
}

export function runRenderMode(args: RenderArgs): number {
  const style = stderrStyle();
  let rendered: Rendered;
  try {
    const outProblem = args.out === undefined ? undefined : outPathProblem(args.out);
    if (outProblem) throw new RenderError(outProblem);
    rendered = renderDir(args);
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    return report([error(e.message)], [], args, style);
  }
  if (rendered.engineStderr) process.stderr.write(rendered.engineStderr.endsWith('\n') ? rendered.engineStderr : `${rendered.engineStderr}\n`);
  // Output only when the run did not fail; the outcome line stays last on stderr.
  if (failed(rendered.findings, args.strict)) return report(rendered.findings, rendered.summaries, args, style);
  let note: string | undefined;
  try {
    note = writeOutput(rendered, args.out);
  } catch (e) {
    return report([...rendered.findings, error(`cannot write --out ${args.out}: ${(e as Error).message}`)], rendered.summaries, args, style);
  }
  return report(rendered.findings, note ? [...rendered.summaries, note] : rendered.summaries, args, style);
}

/** stdout, or --out; what was written (for stderr) when it went to files. */
function writeOutput(rendered: Rendered, out: string | undefined): string | undefined {
  if (out === undefined) {
    process.stdout.write(rendered.stream);
    return undefined;
  }
  const files = writeManifests(out, rendered.manifests);
  return `wrote ${rendered.manifests.length} manifest(s) to ${out} (${files.length} file(s))`;
}

/** Findings, summaries, the outcome line; the results file; the exit code (output is written by the caller). */
function report(findings: readonly Located[], summaries: readonly string[], args: RenderArgs, style: Style): number {
  const ordered = [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity === 'warning')];
  for (const f of ordered) process.stderr.write(`llm-prefill-fn: ${findingLine(f, style)}\n`);
  for (const s of summaries) process.stderr.write(`llm-prefill-fn: ${s}\n`);
  if (args.results !== undefined) writeResultsFile(args.results, findings, args.strict);
  process.stderr.write(`llm-prefill-fn: ${outcomeLine(findings, style, args.strict)}\n`);
  return failed(findings, args.strict) ? 1 : 0;
}

/**
 * kpt's results file shape (a FunctionResultList): one item holding every result of the run,
 * each with its source file and line (tags.line) when known.
 */
function writeResultsFile(file: string, findings: readonly Located[], strict = false): void {
  const results = findings.map(({ location, ...r }) => (location ? { ...r, file: { path: location.path }, ...(location.line ? { tags: { ...r.tags, line: String(location.line) } } : {}) } : r));
  const code = failed(findings, strict) ? 1 : 0;
  const item = `  - exec: llm-prefill-fn render\n    exitCode: ${code}\n` + (results.length === 0 ? '    results: []\n' : `    results:\n${resultsYaml(results).replace(/^(?=.)/gm, '      ')}`);
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, `apiVersion: kpt.dev/v1\nkind: FunctionResultList\nmetadata:\n  name: fnresults\nexitCode: ${code}\nitems:\n${item}`);
}

/** --out under a file, or an existing file that is not a YAML stream: a clear error before any work. */
function outPathProblem(out: string): string | undefined {
  let at = resolve(out);
  if (existsSync(at) && statSync(at).isFile() && !/\.ya?ml$/.test(at)) return `--out ${out} is a file: give a directory or a .yaml file`;
  if (existsSync(at) && statSync(at).isDirectory() && /\.ya?ml$/.test(at)) return `--out ${out} is a directory with a .yaml name: give another path`;
  while (dirname(at) !== at) {
    at = dirname(at);
    if (existsSync(at)) return statSync(at).isDirectory() ? undefined : `--out ${out}: ${displayPath(at)} is a file, not a directory`;
  }
  return undefined;
}
