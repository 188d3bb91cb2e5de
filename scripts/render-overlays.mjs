#!/usr/bin/env node
// `npm start`: renders every overlay in overlays/ with the function's file mode (no kpt, kustomize
// or Docker needed) and shows the result: manifests in .rendered/<env>.yaml, a summary here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/llm-prefill-fn.js');
const out = join(root, '.rendered');
mkdirSync(out, { recursive: true });
let failed = 0;
for (const env of readdirSync(join(root, 'overlays')).sort()) {
  if (!existsSync(join(root, 'overlays', env, 'kustomization.yaml'))) continue;
  const run = spawnSync(process.execPath, [bin, 'render', join('overlays', env)], { cwd: root, encoding: 'utf8' });
  console.log(`\n== overlays/${env} ${run.status === 0 ? '' : `(FAILED, exit ${run.status})`}`);
  process.stdout.write(run.stderr);
  if (run.status !== 0) {
    failed++;
    continue;
  }
  const file = join(out, `${env}.yaml`);
  writeFileSync(file, run.stdout);
  const lines = run.stdout.split('\n');
  const shown = lines.filter((l) => /^(kind:|  name:|  namespace:)|image:|llm-prefill.dev\/overlay/.test(l));
  console.log(shown.map((l) => `  ${l}`).join('\n'));
  console.log(`  -> ${file} (${lines.length} lines)`);
}
process.exitCode = failed ? 1 : 0;
