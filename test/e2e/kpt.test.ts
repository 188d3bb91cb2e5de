/**
 * kpt end to end over the examples, in the style of the kpt functions catalog: each example in
 * examples/<case>/ has a README, a `package/` whose Kptfile (stored as Kptfile.case) runs the
 * function (exec: ./bin/llm-prefill-fn), and `.expected/` with config.yaml (exit code, stderr, how
 * to call kpt fn eval), diff.patch and results.yaml.
 * Each case runs the real `kpt fn render --allow-exec` twice (the second run must change nothing)
 * and `kpt fn eval --exec`, which must make the same change.
 * UPDATE_EXPECTED=1 rewrites .expected/ from what kpt did: read the diff before committing it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describeWithTool, FUNCTION_BIN, git, requireBuild, ROOT } from '../support/tools';
import { tempDir } from '../support/temp-dirs';

const CASES = join(ROOT, 'examples');
const UPDATE = process.env.UPDATE_EXPECTED === '1';

interface CaseConfig {
  exitCode: number;
  /** Substrings that must appear in kpt's output (stdout + stderr). */
  output?: string[];
  /** How `kpt fn eval` gets the config: a file in the package, or key=value arguments. */
  eval: { fnConfig: string } | { args: string[] };
}

interface Workspace {
  root: string;
  pkg: string;
}

function setUp(caseDir: string): Workspace {
  const root = tempDir('kpt-e2e-');
  const pkg = join(root, 'pkg');
  cpSync(join(caseDir, 'package'), pkg, { recursive: true });
  // Stored as Kptfile.case: kpt finds every Kptfile below a package (.krmignore or not), so a real
  // Kptfile here would make each case a subpackage of the repository's own kpt package.
  renameSync(join(pkg, 'Kptfile.case'), join(pkg, 'Kptfile'));
  mkdirSync(join(root, 'bin'));
  // kpt resolves an exec path against its working directory: the Kptfiles say ./bin/llm-prefill-fn.
  symlinkSync(FUNCTION_BIN, join(root, 'bin/llm-prefill-fn'));
  git(pkg, 'init', '-q');
  git(pkg, 'add', '-A');
  git(pkg, '-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-qm', 'input');
  return { root, pkg };
}

function kpt(ws: Workspace, args: string[]): { status: number; output: string } {
  const run = spawnSync('kpt', args, { cwd: ws.root, encoding: 'utf8' });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

/** The package's change since the input commit, without blob hashes. */
function diffOf(ws: Workspace): string {
  git(ws.pkg, 'add', '-A');
  return git(ws.pkg, 'diff', '--cached', '--no-color')
    .split('\n')
    .filter((l) => !l.startsWith('index '))
    .join('\n');
}

function resultsOf(ws: Workspace, dir: string): unknown {
  const file = join(ws.root, dir, 'results.yaml');
  const list = parse(readFileSync(file, 'utf8')) as { items?: { results?: unknown[] }[] };
  return list.items?.flatMap((i) => i.results ?? []) ?? [];
}

function expected(caseDir: string, name: string, actual: string): string {
  const file = join(caseDir, '.expected', name);
  if (UPDATE) writeFileSync(file, actual);
  return readFileSync(file, 'utf8');
}

describeWithTool('kpt', 'kpt fn render / eval', () => {
  beforeAll(requireBuild);
  const cases = readdirSync(CASES).filter((c) => existsSync(join(CASES, c, 'package')));

  test('there are cases, each with a README', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
    for (const name of cases) expect([name, existsSync(join(CASES, name, 'README.md'))]).toEqual([name, true]);
  });

  describe.each(cases)('%s', (name) => {
    const caseDir = join(CASES, name);
    const config = parse(readFileSync(join(caseDir, '.expected/config.yaml'), 'utf8')) as CaseConfig;

    test('kpt fn render: exit code, diff and results as expected; a second render changes nothing', () => {
      const ws = setUp(caseDir);
      const first = kpt(ws, ['fn', 'render', '--allow-exec', 'pkg', '--results-dir', 'results1']);
      expect({ status: first.status, output: first.output }).toMatchObject({ status: config.exitCode });
      for (const text of config.output ?? []) expect(first.output).toContain(text);
      const diff = diffOf(ws);
      expect(diff).toBe(expected(caseDir, 'diff.patch', diff));
      const results = resultsOf(ws, 'results1');
      expect(results).toEqual(parse(expected(caseDir, 'results.yaml', stringify(results))));

      const second = kpt(ws, ['fn', 'render', '--allow-exec', 'pkg', '--results-dir', 'results2']);
      expect(second.status).toBe(config.exitCode);
      // The first run's output is staged (diffOf): the second run must leave no change beside it.
      expect(git(ws.pkg, 'diff', '--stat')).toBe('');
      expect(git(ws.pkg, 'ls-files', '--others', '--exclude-standard')).toBe('');
    });

    test('kpt fn eval --exec makes the same change', () => {
      const ws = setUp(caseDir);
      const how = 'fnConfig' in config.eval ? ['--fn-config', join('pkg', config.eval.fnConfig)] : ['--', ...config.eval.args];
      const run = kpt(ws, ['fn', 'eval', 'pkg', '--exec', './bin/llm-prefill-fn', '--results-dir', 'results', ...how]);
      expect(run.status).toBe(config.exitCode);
      expect(diffOf(ws)).toBe(readFileSync(join(caseDir, '.expected/diff.patch'), 'utf8'));
    });
  });
});
