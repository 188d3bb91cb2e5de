/**
 * The container form of this function without a Docker engine or a published image: `render`
 * puts a `docker` of its own first on PATH for the engine (kubectl kustomize, kustomize, kpt).
 * `docker run ... ghcr.io/llm-prefill/llm-prefill-fn:<tag>` runs this very build, with the
 * environment a container would get (only the `-e` variables; render's results file is added);
 * anything else goes to the real docker found on PATH before, and without one is a clear error.
 */
import { chmodSync, existsSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS_ENV } from '../cli/results-sink';

/** The image name the overlays use for this function: any tag or digest. */
export const OWN_IMAGE = /^ghcr\.io\/llm-prefill\/llm-prefill-fn(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?(@sha256:[0-9a-f]{64})?$/;

/** The docker the shim hands other images to ("" when there is none). */
export const REAL_DOCKER_ENV = 'LLM_PREFILL_FN_REAL_DOCKER';

/** The hidden first argument that makes the bundle act as the shim. */
export const SHIM_COMMAND = '__docker-shim';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A temporary directory holding the `docker` shim that runs this build (`bundle`) with `node`. */
export function writeDockerShim(node: string = process.execPath, bundle: string = ownBundle()): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-prefill-fn-docker-'));
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\nexec ${quote(node)} ${quote(bundle)} ${SHIM_COMMAND} "$@"\n`);
  chmodSync(join(dir, 'docker'), 0o755);
  return dir;
}

/** The running bundle (dist/llm-prefill-fn.js, or the installed bin through its symlink). */
function ownBundle(): string {
  return realpathSync(process.argv[1]);
}

export interface DockerRun {
  image: string;
  /** Variables the container gets: `-e NAME=value`, or `-e NAME` taken from the caller. */
  env: Record<string, string>;
  args: string[];
}

/** Options of `docker run` that take a value (as kustomize and kpt use them, and the common rest). */
const WITH_VALUE = new Set(['-e', '--env', '-v', '--volume', '--mount', '--network', '--net', '-u', '--user', '--security-opt', '--pull', '-a', '--attach', '--name', '-w', '--workdir', '--env-file', '--entrypoint', '--platform', '--cpus', '-m', '--memory', '--tmpfs', '-l', '--label', '--add-host', '--dns']);

/** `docker run` arguments -> what to run, or a message when they cannot be served. */
export function parseDockerRun(argv: readonly string[], callerEnv: NodeJS.ProcessEnv): DockerRun | string {
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-')) return { image: arg, env, args: argv.slice(i + 1) };
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!WITH_VALUE.has(name)) continue;
    const value = name !== arg ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) return `docker run: ${arg} needs a value`;
    if (name === '--env-file' || name === '--entrypoint') return `docker run ${name} is not supported by render's docker shim`;
    if (name === '-e' || name === '--env') {
      const at = value.indexOf('=');
      if (at > 0) env[value.slice(0, at)] = value.slice(at + 1);
      else if (callerEnv[value] !== undefined) env[value] = callerEnv[value] as string;
    }
  }
  return 'docker run: no image given';
}

/** The shim's main: exit code of the function, of the real docker, or 125 (docker's own "cannot run"). */
export function runDockerShim(argv: readonly string[], callerEnv: NodeJS.ProcessEnv = process.env): number {
  const [command, ...rest] = argv;
  if (command === 'version') {
    // kpt asks for the client version before it runs a container function.
    process.stdout.write('24.0.0\n');
    return 0;
  }
  if (command === 'run') {
    const run = parseDockerRun(rest, callerEnv);
    if (typeof run === 'string') return shimError(run);
    if (OWN_IMAGE.test(run.image)) return runOwnImage(run, callerEnv);
    return delegate(argv, callerEnv, run.image);
  }
  // `docker image inspect`, `docker pull` of this image: it is "there".
  if (argv.some((a) => OWN_IMAGE.test(a)) && ['image', 'pull', 'inspect'].includes(command ?? '')) return 0;
  return delegate(argv, callerEnv, undefined);
}

function runOwnImage(run: DockerRun, callerEnv: NodeJS.ProcessEnv): number {
  // A container sees only its image's environment and the -e variables; render's channel for
  // results is added (it is not visible to the function's logic).
  const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/', ...run.env };
  const results = callerEnv[RESULTS_ENV];
  if (results) env[RESULTS_ENV] = results;
  // The image sets LLM_PREFILL_FN_CACHE_DIR (Dockerfile); here the cache the caller's launcher
  // resolved stands in for it (scripts/launcher.cjs sets it; unset, as in tests: no cache).
  env.LLM_PREFILL_FN_CACHE_DIR = callerEnv.LLM_PREFILL_FN_CACHE_DIR ?? '';
  const child = childProcess().spawnSync(process.execPath, [ownBundle(), ...run.args], { stdio: 'inherit', env });
  return child.status ?? 125;
}

function delegate(argv: readonly string[], callerEnv: NodeJS.ProcessEnv, image: string | undefined): number {
  const real = callerEnv[REAL_DOCKER_ENV];
  const what = image ? `container function ${image}` : `docker ${argv.join(' ')}`;
  if (!real) return shimError(`${what} needs Docker, and there is no docker on PATH: install Docker (an engine, not only the client), or use the function's exec form with standalone kustomize or kpt`);
  const child = childProcess().spawnSync(real, argv, { stdio: 'inherit', env: callerEnv });
  const status = child.status ?? 125;
  if (status !== 0 && !callerEnv.DOCKER_HOST && !existsSync('/var/run/docker.sock')) {
    shimError(`${what} failed: docker is installed (${real}) but no Docker engine is running here (no /var/run/docker.sock, DOCKER_HOST unset)`);
  }
  return status;
}

function shimError(message: string): number {
  process.stderr.write(`llm-prefill-fn render (docker shim): ${message}\n`);
  return 125;
}

/** node:child_process loads node:net (~2 ms at start-up): loaded only when a process is run, not by KRM mode. */
function childProcess(): typeof import('node:child_process') {
  return require('node:child_process') as typeof import('node:child_process');
}
