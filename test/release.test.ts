/**
 * One source for the version: package.json. The image tag written in overlays, gitops and docs is
 * derived from it by scripts/sync-version.mjs (which `npm version` runs), and checked here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { git, ROOT } from './support/tools';

const SCRIPT = join(ROOT, 'scripts/sync-version.mjs');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const sync = (root: string, ...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, SYNC_VERSION_ROOT: root } });

let dir: string;
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

test('every image reference in the repository is the package.json version', () => {
  const run = sync(ROOT, '--check');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});

test.each(['dev', 'staging', 'prod'])('overlays/%s runs the image of this version', (env) => {
  const cfg = parse(readFileSync(join(ROOT, 'overlays', env, 'prefill-overlay.yaml'), 'utf8')) as { metadata: { annotations: Record<string, string> } };
  const fn = parse(cfg.metadata.annotations['config.kubernetes.io/function']) as { container: { image: string } };
  expect(fn.container.image).toMatch(new RegExp(`^ghcr\\.io/llm-prefill/llm-prefill-fn:v${version.replace(/\./g, '\\.')}(@sha256:[0-9a-f]{64})?$`));
});

test('a disagreeing reference fails the check, naming file and line; the script derives them; --digest pins the YAML files', () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-prefill-fn-version-'));
  const image = 'ghcr.io/llm-prefill/llm-prefill-fn';
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.3' }));
  writeFileSync(join(dir, 'overlay.yaml'), `a: 1\nimage: ${image}:v1.2.2\n`);
  writeFileSync(join(dir, 'README.md'), `docker build -t ${image}:v1.2.3 .\n`);
  git(dir, 'init', '-q');

  const check = sync(dir, '--check');
  expect(check.status).toBe(1);
  expect(check.stderr).toContain(`overlay.yaml:2: ${image}:v1.2.2 (package.json says ${image}:v1.2.3)`);
  expect(check.stderr).not.toContain('README.md');

  expect(sync(dir).status).toBe(0);
  expect(readFileSync(join(dir, 'overlay.yaml'), 'utf8')).toBe(`a: 1\nimage: ${image}:v1.2.3\n`);
  expect(sync(dir, '--check').status).toBe(0);

  const digest = `sha256:${'ab'.repeat(32)}`;
  expect(sync(dir, '--digest', digest).status).toBe(0);
  expect(readFileSync(join(dir, 'overlay.yaml'), 'utf8')).toBe(`a: 1\nimage: ${image}:v1.2.3@${digest}\n`);
  expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(`docker build -t ${image}:v1.2.3 .\n`);
  // Pinned with the right tag is in agreement; a new version drops the old digest.
  expect(sync(dir, '--check').status).toBe(0);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.3.0' }));
  expect(sync(dir).status).toBe(0);
  expect(readFileSync(join(dir, 'overlay.yaml'), 'utf8')).toBe(`a: 1\nimage: ${image}:v1.3.0\n`);
  expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toContain('overlay.yaml');
});
