/**
 * What the end-to-end tests need from the machine: kpt and kubectl (with kustomize) for real, and
 * the built function. Locally a missing tool skips its tests with a visible message; with CI=true
 * it fails them, so CI can never pass by running nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { announceSkip } from './skip';
import { tempDir } from './temp-dirs';

export const ROOT = resolve(__dirname, '../..');
export const FUNCTION_BIN = join(ROOT, 'dist/llm-prefill-fn.js');
export const IN_CI = process.env.CI === 'true';

/** Absolute path of a tool on PATH, or undefined. */
export function findTool(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * `describe` when the tool is there; otherwise a skipped block that says why, or — in CI — a
 * failing test.
 */
export function describeWithTool(tool: string, title: string, body: (toolPath: string) => void): void {
  const path = findTool(tool);
  if (path) {
    describe(title, () => body(path));
    return;
  }
  if (IN_CI) {
    describe(title, () => {
      test(`${tool} is installed (required when CI=true)`, () => {
        throw new Error(`${tool} not found on PATH: end-to-end tests cannot run`);
      });
    });
    return;
  }
  announceSkip(title, `${tool} is not installed (CI=true makes this a failure)`);
  describe.skip(`${title} (skipped: ${tool} not installed)`, () => body(''));
}

export function requireBuild(): void {
  if (!existsSync(FUNCTION_BIN)) throw new Error(`${FUNCTION_BIN} is missing: run npm run build first (npm test does)`);
}

/**
 * A directory holding a `docker` stand-in. This machine has no Docker engine, so kubectl
 * kustomize's container functions are run by this shim: it checks that kustomize asked for
 * `docker run ... <image>` with the expected image and runs the local build in its place, passing
 * stdin, stdout, stderr and the exit code through. `others` maps more images to shell commands
 * (test functions of their own). Each call is logged to calls.log.
 */
export function dockerShim(expectedImage: string, others: Record<string, string> = {}): { dir: string; log: string } {
  const dir = tempDir('docker-shim-');
  const log = join(dir, 'calls.log');
  const cases = Object.entries(others)
    .map(([image, command]) => `  '${image}') exec ${command} ;;\n`)
    .join('');
  const script = `#!/bin/sh
echo "$*" >> '${log}'
[ "$1" = run ] || { echo "docker shim: only 'run' is supported, got: $*" >&2; exit 125; }
for last in "$@"; do :; done
case "$last" in
${cases}esac
[ "$last" = '${expectedImage}' ] || { echo "docker shim: unexpected image $last" >&2; exit 125; }
exec node '${FUNCTION_BIN}'
`;
  writeFileSync(join(dir, 'docker'), script);
  chmodSync(join(dir, 'docker'), 0o755);
  return { dir, log };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}
