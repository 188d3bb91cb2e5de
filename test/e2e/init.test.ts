/**
 * `llm-prefill-fn init` through the built executable, in a copy of the repository's layout
 * (base/, overlays/prod, the schema): the new overlay renders, its modeline names a schema file
 * that exists, and nothing is ever overwritten.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FUNCTION_BIN, requireBuild, ROOT } from '../support/tools';

const SCHEMA = 'functions/src/config/prefill-overlay.schema.json';
let top: string;

beforeAll(() => {
  requireBuild();
  top = mkdtempSync(join(tmpdir(), 'llm-prefill-fn-init-'));
});
afterAll(() => rmSync(top, { recursive: true, force: true }));

/** A fresh directory under the test's temporary directory, with `parts` of the repository copied in. */
function workspace(name: string, parts: string[]): string {
  const dir = join(top, name);
  for (const part of parts) {
    mkdirSync(dirname(join(dir, part)), { recursive: true });
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const fn = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [FUNCTION_BIN, ...args], { cwd, encoding: 'utf8' });

/** kind/name -> the document, of `render`'s output. */
function rendered(cwd: string, dir: string): Map<string, Record<string, unknown>> {
  const run = fn(cwd, 'render', dir);
  expect([run.status, run.stderr.split('\n').filter((l) => /\[error\]|error:/.test(l))]).toEqual([0, []]);
  return new Map(parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string } }).map((d) => [`${d.kind}/${d.metadata.name}`, d]));
}

function schemaOf(file: string): string {
  const first = readFileSync(file, 'utf8').split('\n')[0];
  expect(first).toMatch(/^# yaml-language-server: \$schema=\S+$/);
  return first.replace(/^# yaml-language-server: \$schema=/, '');
}

test('init DIR --from prod: renders what prod renders, under the new name; the modeline names the repository schema', () => {
  const repo = workspace('repo', ['base', 'overlays/prod', SCHEMA]);
  const run = fn(repo, 'init', 'overlays/gpu-west', '--from', 'prod');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('llm-prefill-fn render overlays/gpu-west');
  expect(readdirSync(join(repo, 'overlays/gpu-west')).sort()).toEqual(['kustomization.yaml', 'prefill-overlay.yaml']);
  const ref = schemaOf(join(repo, 'overlays/gpu-west/prefill-overlay.yaml'));
  expect(resolve(repo, 'overlays/gpu-west', ref)).toBe(join(repo, SCHEMA));

  const prod = rendered(repo, 'overlays/prod');
  const west = rendered(repo, 'overlays/gpu-west');
  expect([...west.keys()].sort()).toEqual([...prod.keys()].sort());
  // Everything but the overlay label is prod's.
  const label = (d: Record<string, unknown>) => JSON.stringify(d).split('"llm-prefill.dev/overlay":"prod"').join('"llm-prefill.dev/overlay":"gpu-west"');
  for (const [key, doc] of prod) expect([key, JSON.stringify(west.get(key))]).toEqual([key, label(doc)]);
  expect(JSON.stringify([...west.values()])).toContain('"llm-prefill.dev/overlay":"gpu-west"');
});

test('init refuses to overwrite, and writes nothing when it refuses', () => {
  const repo = workspace('again', ['base', 'overlays/prod']);
  expect(fn(repo, 'init', 'overlays/qa').status).toBe(0);
  const before = readFileSync(join(repo, 'overlays/qa/prefill-overlay.yaml'), 'utf8');
  const again = fn(repo, 'init', 'overlays/qa', '--from', 'prod');
  expect(again.status).toBe(1);
  expect(again.stderr).toMatch(/^llm-prefill-fn: error: overlays\/qa already has kustomization\.yaml, prefill-overlay\.yaml: nothing was written/);
  expect(readFileSync(join(repo, 'overlays/qa/prefill-overlay.yaml'), 'utf8')).toBe(before);
});

test.each([
  ['a name that is no DNS label', ['init', 'overlays/GPU_West'], 1, /"GPU_West" cannot name an overlay: it must be a DNS label/],
  ['--from an overlay that does not exist', ['init', 'overlays/x', '--from', 'qa'], 1, /--from qa: no overlay at overlays\/qa/],
  ['no directory', ['init'], 2, /init needs the directory of the new overlay.*\(see init --help\)/],
  ['an unknown option', ['init', 'overlays/x', '--force'], 2, /unknown option --force/],
])('%s: the exit code and a message, nothing written', (_title, args, status, message) => {
  const repo = workspace(`refused-${String(_title).replace(/\W+/g, '-')}`, ['base', 'overlays/prod']);
  const run = fn(repo, ...args);
  expect(run.status).toBe(status);
  expect(run.stderr).toMatch(message);
  expect(readdirSync(join(repo, 'overlays'))).toEqual(['prod']);
});

test('init DIR without --from, where there is no base/ and no schema: the function adds both configs, the modeline is the URL', () => {
  const dir = workspace('bare', []);
  expect(fn(dir, 'init', 'team/gpu-east').status).toBe(0);
  expect(schemaOf(join(dir, 'team/gpu-east/prefill-overlay.yaml'))).toMatch(new RegExp(`^https://raw\\.githubusercontent\\.com/llm-prefill/llm-prefill-fn/v\\d+\\.\\d+\\.\\d+/${SCHEMA}$`));
  const out = rendered(dir, 'team/gpu-east');
  expect([...out.keys()].sort()).toEqual(['LLMInferenceServiceConfig/kserve-config-llm-prefill-template', 'LLMInferenceServiceConfig/kserve-config-llm-prefill-worker-data-parallel']);
  expect(existsSync(join(dir, 'team/gpu-east/kustomization.yaml'))).toBe(true);
});

test('in a repository that installed the package: the modeline is relative to the schema in node_modules', () => {
  const dir = workspace('consumer', []);
  mkdirSync(join(dir, 'node_modules/llm-prefill-fn/functions/src/config'), { recursive: true });
  cpSync(join(ROOT, SCHEMA), join(dir, 'node_modules/llm-prefill-fn', SCHEMA));
  expect(fn(dir, 'init', 'overlays/dev').status).toBe(0);
  expect(schemaOf(join(dir, 'overlays/dev/prefill-overlay.yaml'))).toBe(`../../node_modules/llm-prefill-fn/${SCHEMA}`);
});

test.each(['dev', 'staging', 'prod'])('overlays/%s carries the modeline init writes, naming the repository schema', (env) => {
  const file = join(ROOT, 'overlays', env, 'prefill-overlay.yaml');
  expect(resolve(dirname(file), schemaOf(file))).toBe(join(ROOT, SCHEMA));
});
