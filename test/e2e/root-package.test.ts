/**
 * The repository is a kpt package: `kpt fn render --allow-exec` from its root runs the function
 * over base/ (see the root Kptfile and .krmignore). The test renders a copy of every tracked file
 * and expects no change: base/ is committed in its rendered form, and nothing else in the
 * repository (JSON files, test packages, overlays) trips kpt up.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { splitDocuments } from '../../functions/src/files/stream';
import { dirname, join } from 'node:path';
import { describeWithTool, FUNCTION_BIN, git, requireBuild, ROOT } from '../support/tools';
import { tempDir } from '../support/temp-dirs';

describeWithTool('kpt', 'kpt fn render --allow-exec on the repository itself', (kpt) => {
  beforeAll(requireBuild);

  test('renders base/ and changes nothing', () => {
    const copy = tempDir('root-pkg-');
    const files = git(ROOT, 'ls-files', '--cached', '--others', '--exclude-standard').split('\n').filter((f) => f && existsSync(join(ROOT, f)));
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(ROOT, file), join(copy, file));
    }
    mkdirSync(join(copy, 'dist'));
    cpSync(FUNCTION_BIN, join(copy, 'dist/llm-prefill-fn.js'));
    git(copy, 'init', '-q');
    git(copy, 'add', '-A');
    git(copy, '-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-qm', 'copy');

    const run = spawnSync(kpt, ['fn', 'render', '--allow-exec'], { cwd: copy, encoding: 'utf8' });
    expect(run.stderr + run.stdout).toContain('overlay base: 2 managed config(s), 0 added, 0 service(s) patched, 0 resource(s) changed');
    expect(run.status).toBe(0);
    expect(git(copy, 'status', '--porcelain')).toBe('');

    // `render .` at the root prints what kpt fn render wrote: the files of the package (base/,
    // as .krmignore leaves it), without local-config documents, in kpt's order (by path).
    const rendered = spawnSync(process.execPath, [FUNCTION_BIN, 'render', '.'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(rendered.stderr.trim().split('\n').pop()).toBe('llm-prefill-fn: OK');
    expect(rendered.status).toBe(0);
    const baseFiles = readdirSync(join(copy, 'base')).filter((f) => /\.ya?ml$/.test(f)).sort();
    const expected = baseFiles
      .flatMap((f) => splitDocuments(readFileSync(join(copy, 'base', f), 'utf8')))
      .filter((d) => !/config\.kubernetes\.io\/local-config: "true"/.test(d))
      .map((d) => `---\n${d}`)
      .join('');
    expect(expected).toContain('kind: LLMInferenceServiceConfig');
    expect(rendered.stdout).toBe(expected);
    // test/ holds packages and fixtures that .krmignore hides: none of them is read.
    expect(rendered.stdout).not.toContain('PrefillOverlay');
    rmSync(copy, { recursive: true, force: true });
  });
});
