/**
 * The repository is a kpt package: `kpt fn render --allow-exec` from its root runs the function
 * over base/ (see the root Kptfile and .krmignore). The test renders a copy of every tracked file
 * and expects no change: base/ is committed in its rendered form, and nothing else in the
 * repository (JSON files, test packages, overlays) trips kpt up.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
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
  });
});
