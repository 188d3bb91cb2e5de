/**
 * The engines `render` runs: kustomize (standalone `kustomize build --enable-alpha-plugins
 * --enable-exec`, else `kubectl kustomize --enable-alpha-plugins`) for a kustomization, and
 * `kpt fn render --allow-exec` on a temporary copy for a kpt package. Each runs with render's
 * docker shim first on PATH (the container form of this function runs this build) and with a
 * results file every run of the function appends to.
 */
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { readRuns, RESULTS_ENV, type RunRecord } from '../cli/results-sink';
import { REAL_DOCKER_ENV, writeDockerShim } from './docker-shim';
import { kustomizationIn } from './kustomize-tree';

export type EngineName = 'kustomize' | 'kubectl' | 'kpt';
export const ENGINE_NAMES: readonly EngineName[] = ['kustomize', 'kubectl', 'kpt'];
/** Picks the engine like --engine does (the flag wins). */
export const ENGINE_ENV = 'LLM_PREFILL_FN_ENGINE';

export class RenderError extends Error {}

export interface Engine {
  name: EngineName;
  path: string;
}

export interface EngineRun {
  /** The engine's exit code. */
  status: number;
  stdout: string;
  stderr: string;
  /** One record per run of this function inside the engine. */
  runs: RunRecord[];
  /** The command line, for messages. */
  command: string;
}

/** An executable on PATH, or undefined. */
export function findTool(name: string, path: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

const INSTALL_KUSTOMIZE =
  'install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/: a standalone kustomize runs exec and container functions) or kubectl (https://kubernetes.io/docs/tasks/tools/: kubectl kustomize runs container functions)';

/**
 * The engine for `dir`: what it is (kustomization or Kptfile), the request (--engine), the
 * preference (LLM_PREFILL_FN_ENGINE: used where it fits the directory), what is installed.
 */
export function pickEngine(dir: string, requested: EngineName | undefined, preferred?: EngineName, path: string = process.env.PATH ?? ''): Engine {
  const isKustomization = kustomizationIn(dir) !== undefined;
  const isKpt = existsSync(join(dir, 'Kptfile'));
  if (!isKustomization && !isKpt) throw new RenderError(`${dir} has no kustomization.yaml and no Kptfile: give an overlay (a kustomization) or a kpt package`);
  const fits = preferred !== undefined && (preferred === 'kpt' ? isKpt : isKustomization);
  const want = requested ?? (fits ? preferred : isKustomization ? undefined : 'kpt');
  if (want === 'kpt') {
    if (!isKpt) throw new RenderError(`--engine kpt: ${dir} has no Kptfile`);
    const kpt = findTool('kpt', path);
    if (!kpt) throw new RenderError(`${dir} is a kpt package: render runs kpt fn render --allow-exec, and kpt is not on PATH: install kpt (https://kpt.dev/installation/)`);
    return { name: 'kpt', path: kpt };
  }
  if (!isKustomization) throw new RenderError(`--engine ${want}: ${dir} has no kustomization.yaml`);
  if (want === 'kustomize' || want === 'kubectl') {
    const found = findTool(want, path);
    if (!found) throw new RenderError(`--engine ${want} (or ${ENGINE_ENV}): ${want} is not on PATH: ${INSTALL_KUSTOMIZE}`);
    return { name: want, path: found };
  }
  for (const name of ['kustomize', 'kubectl'] as const) {
    const found = findTool(name, path);
    if (found) return { name, path: found };
  }
  throw new RenderError(`${dir} is a kustomization: render runs kustomize, and neither kustomize nor kubectl is on PATH: ${INSTALL_KUSTOMIZE}`);
}

/** Runs `argv` with the docker shim and a fresh results file; cleans both up. */
export function runWithShim(engine: Engine, args: readonly string[], cwd: string = process.cwd()): EngineRun {
  const shim = writeDockerShim();
  const results = join(mkdtempSync(join(tmpdir(), 'llm-prefill-fn-results-')), 'runs.jsonl');
  try {
    const path = process.env.PATH ?? '';
    const env = { ...process.env, PATH: `${shim}${delimiter}${path}`, [RESULTS_ENV]: results, [REAL_DOCKER_ENV]: findTool('docker', path) ?? '' };
    const run = childProcess().spawnSync(engine.path, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (run.error) throw new RenderError(`cannot run ${engine.path}: ${run.error.message}`);
    return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr, runs: readRuns(results), command: [engine.name, ...args].join(' ') };
  } finally {
    rmSync(shim, { recursive: true, force: true });
    rmSync(join(results, '..'), { recursive: true, force: true });
  }
}

/** `kustomize build` / `kubectl kustomize` of `dir`, functions enabled. */
export function runKustomize(engine: Engine, dir: string): EngineRun {
  const args = engine.name === 'kustomize' ? ['build', '--enable-alpha-plugins', '--enable-exec', dir] : ['kustomize', '--enable-alpha-plugins', dir];
  return runWithShim(engine, args);
}

/** `kpt fn render --allow-exec` on `copy`, run from the caller's directory (kpt resolves exec paths against it). */
export function runKptRender(engine: Engine, copy: string): EngineRun {
  return runWithShim(engine, ['fn', 'render', '--allow-exec', copy]);
}

/** The items of a package as kpt reads it (.krmignore, subpackages): path and index of each. */
export function kptSource(engine: Engine, dir: string): { path: string; index: number }[] {
  const run = childProcess().spawnSync(engine.path, ['fn', 'source', dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new RenderError(`kpt fn source ${dir} failed: ${run.stderr.trim()}`);
  const out: { path: string; index: number }[] = [];
  // Only the two annotations are needed: a line scan, not a parse of every item.
  let path: string | undefined;
  let index: number | undefined;
  for (const line of run.stdout.split('\n')) {
    if (/^- /.test(line)) {
      if (path !== undefined) out.push({ path, index: index ?? 0 });
      path = undefined;
      index = undefined;
    }
    const p = /^\s+config\.kubernetes\.io\/path: ['"]?(.*?)['"]?$/.exec(line);
    if (p) path = p[1];
    const i = /^\s+config\.kubernetes\.io\/index: ['"]?(\d+)['"]?$/.exec(line);
    if (i) index = Number(i[1]);
  }
  if (path !== undefined) out.push({ path, index: index ?? 0 });
  return out;
}

/** node:child_process loads node:net (~2 ms at start-up): loaded only when a process is run, not by KRM mode. */
function childProcess(): typeof import('node:child_process') {
  return require('node:child_process') as typeof import('node:child_process');
}
