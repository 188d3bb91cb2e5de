/**
 * `render DIR`: the real engine over an overlay or a kpt package, its output as plain manifests,
 * and every result of every run of this function inside it, located in the source files.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Located } from '../cli/report';
import type { RunRecord } from '../cli/results-sink';
import { error, type Result } from '../krm/results';
import type { Identity } from '../krm/identity';
import { kptSource, pickEngine, RenderError, runKptRender, runKustomize, type Engine, type EngineName, type EngineRun } from './engine';
import { walkTree } from './kustomize-tree';
import { displayPath, locatorFor, type Locator } from './locate';
import { copyKptPackage, overlayCopyWithConfig, useConfigInKptCopy } from './package-copy';
import { splitDocuments } from './stream';
import type { Manifest } from './write-output';

export interface RenderRequest {
  dir: string;
  /** A functionConfig file used instead of the overlay's (or the Kptfile step's). */
  config?: string;
  engine?: EngineName;
  /** LLM_PREFILL_FN_ENGINE: the engine to use where it fits the directory. */
  preferredEngine?: EngineName;
}

export interface Rendered {
  engine: Engine;
  /** The engine's output, as it printed it (kustomize) or as the package's files hold it (kpt). */
  stream: string;
  manifests: Manifest[];
  findings: Located[];
  /** One line per run of the function (per PrefillOverlay). */
  summaries: string[];
  /** What the engine printed on stderr that is not one of our results (other functions, kubectl). */
  engineStderr: string;
}

export function renderDir(request: RenderRequest): Rendered {
  const dir = request.dir;
  if (!existsSync(dir)) throw new RenderError(`${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new RenderError(`${dir} is not a directory: give an overlay (a directory with a kustomization.yaml) or a kpt package`);
  const config = request.config === undefined ? undefined : readConfig(request.config);
  const engine = pickEngine(dir, request.engine, request.preferredEngine);
  return engine.name === 'kpt' ? renderKpt(engine, dir, config) : renderKustomization(engine, dir, config);
}

function readConfig(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new RenderError(`cannot read --config ${file}: ${(e as Error).message}`);
  }
}

function renderKustomization(engine: Engine, dir: string, config: string | undefined): Rendered {
  const tree = walkTree(dir);
  if (tree.problems.length > 0) throw new RenderError(tree.problems.join('; '));
  const exec = tree.functions.filter((f) => f.exec !== undefined);
  if (engine.name === 'kubectl' && exec.length > 0) {
    throw new RenderError(
      `${exec.map((f) => `${displayPath(f.file)} (exec: ${f.exec})`).join(', ')}: exec function(s), which kubectl kustomize skips without a word: ` +
        'install a standalone kustomize (render runs it with --enable-exec), or use the container form (container: image: ...)',
    );
  }
  const target = config === undefined ? dir : overlayCopyWithConfig(dir, config, tree.functions);
  let run: EngineRun;
  try {
    run = runKustomize(engine, target);
  } finally {
    if (target !== dir) rmSync(target, { recursive: true, force: true });
  }
  const locate = locatorFor(tree.files);
  const manifests = run.status === 0 ? manifestsOf(run.stdout) : [];
  const findings = [...findingsOf(run, locate), ...deployedConfigs(manifests, locate)];
  return { engine, stream: run.status === 0 ? run.stdout : '', manifests, findings, summaries: summariesOf(run.runs), engineStderr: run.status === 0 ? run.stderr : '' };
}

function renderKpt(engine: Engine, dir: string, config: string | undefined): Rendered {
  const copy = copyKptPackage(dir);
  try {
    if (config !== undefined) useConfigInKptCopy(copy, config);
    const run = runKptRender(engine, copy);
    // kpt writes nothing when a function fails: the copy then still shows the sources.
    const sources = kptSourceOrNone(engine, copy);
    const locate = locatorFor(sources.map((s) => join(resolve(dir), s.path)));
    const documents = (run.status === 0 ? sources : []).map((s) => splitDocuments(readFileSync(join(copy, s.path), 'utf8'))[s.index] ?? '');
    // Plain manifests: local-config items (the Kptfile, function configs) stay client-side.
    const manifests = documents.filter((d) => !isLocalConfig(d)).map((d) => ({ id: identityOf(d), text: d }));
    const stream = manifests.map((m) => `---\n${m.text.endsWith('\n') ? m.text : `${m.text}\n`}`).join('');
    return { engine, stream, manifests, findings: findingsOf(run, locate), summaries: summariesOf(run.runs), engineStderr: '' };
  } finally {
    rmSync(dirname(copy), { recursive: true, force: true });
  }
}

function kptSourceOrNone(engine: Engine, dir: string): { path: string; index: number }[] {
  try {
    return kptSource(engine, dir);
  } catch (e) {
    if (e instanceof RenderError) return [];
    throw e;
  }
}

/**
 * "input line N" counts lines of the stream the engine fed the function, which no person can
 * open: under render the finding keeps its resource (located in its source file) without it.
 */
function withoutStreamLine(r: Result): Result {
  if (!/^input line \d+: /.test(r.message)) return r;
  const { file, tags, ...rest } = r;
  const keptTags = tags && Object.fromEntries(Object.entries(tags).filter(([k]) => k !== 'line'));
  return { ...rest, message: r.message.replace(/^input line \d+: /, ''), ...(file && file.path !== 'stdin' ? { file } : {}), ...(keptTags && Object.keys(keptTags).length > 0 ? { tags: keptTags } : {}) };
}

/** Our runs' results, located; an engine failure that none of them explains is an error of its own. */
function findingsOf(run: EngineRun, locate: Locator): Located[] {
  // Info results too: stderr shows errors and warnings only, --results FILE keeps every result.
  const findings = run.runs.flatMap((r) => r.results).map((r) => locate(withoutStreamLine(r)));
  if (run.status !== 0 && !findings.some((f) => f.severity === 'error')) {
    findings.push(error(`${engineMessage(run.stderr)}; (${run.command} failed, exit ${run.status})`));
  }
  return findings;
}

/**
 * What the engine said: kubectl's `E1201 ... "command failed" err="..."` wrapper unwrapped, after
 * the lines before it (a function's own stderr, e.g. the docker shim's). Parts are joined with
 * "; " so that they print as one finding over several lines.
 */
function engineMessage(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const parts = lines.map((l) => /"command failed" err="(.*)"$/.exec(l)?.[1]?.replace(/\\"/g, '"').trim() ?? l);
  return parts.filter((p) => !/^Run '.*--help' for more information$/.test(p)).join('; ') || 'no message';
}

/** The summary line of each run ("overlay prod: ..."), or what stopped it. */
function summariesOf(runs: readonly RunRecord[]): string[] {
  return runs.map((run) => {
    const summary = run.results.find((r) => r.severity === 'info' && !r.resourceRef && /^overlay \S+: /.test(r.message));
    const errors = run.results.filter((r) => r.severity === 'error');
    if (summary) return errors.length === 0 ? summary.message : `${summary.message}: not applied (${errors.length} error(s))`;
    const cfg = run.results.find((r) => r.resourceRef?.kind === 'PrefillOverlay')?.resourceRef?.name;
    return `${cfg ? `overlay config ${cfg}` : 'a run of the function'}: ${errors.length} error(s), nothing changed`;
  });
}

/**
 * A PrefillOverlay in the output would be applied to the cluster: it was listed as a resource
 * (or lost its local-config annotation) instead of being a transformer.
 */
function deployedConfigs(manifests: readonly Manifest[], locate: Locator): Located[] {
  return manifests
    .filter((m) => m.id.kind === 'PrefillOverlay')
    .map((m) =>
      locate(
        error('a PrefillOverlay in the output would be deployed to the cluster: list it under transformers (not resources) in the kustomization, or mark it config.kubernetes.io/local-config: "true"', {
          resourceRef: { apiVersion: m.id.apiVersion ?? '', kind: 'PrefillOverlay', name: m.id.name ?? '' },
        }),
      ),
    );
}

function manifestsOf(stream: string): Manifest[] {
  return splitDocuments(stream).map((text) => ({ id: identityOf(text), text }));
}

function identityOf(doc: string): Identity {
  const [parsed] = parseAllDocuments(doc);
  const v = (parsed?.toJS() ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const s = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return { apiVersion: s(v.apiVersion), kind: s(v.kind), name: s(v.metadata?.name), namespace: s(v.metadata?.namespace) };
}

function isLocalConfig(doc: string): boolean {
  return /^\s+config\.kubernetes\.io\/local-config:\s*["']?true["']?\s*$/m.test(doc);
}

