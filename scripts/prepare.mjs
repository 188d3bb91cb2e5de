#!/usr/bin/env node
// npm's "prepare": builds dist/llm-prefill-fn.js. npm runs it on `npm ci` / `npm install` in a
// checkout, before `npm pack` and `npm publish`, and when installing from git
// (`npm install -g git+https://...`): npm clones the repository, installs its dependencies in the
// clone, runs this, and packs the result. A tarball or registry install never runs it (the
// package ships the built file).
//
// One npm bug is worked around here (npm/cli#8440): with `npm install -g <git url>`, the install
// in the clone inherits npm_config_global=true and puts the devDependencies into the global
// prefix instead of the clone, so the build cannot find esbuild. Then they are installed here,
// into the clone, without scripts, before building.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'node_modules/esbuild')) && process.env.npm_config_global === 'true') {
  console.error('prepare: the build dependencies are not in the clone (npm install -g from git: npm/cli#8440): installing them here');
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_(global|location|prefix|allow[-_]scripts)$/i.test(key)) delete env[key];
  run(process.env.npm_execpath ? process.execPath : 'npm', [...(process.env.npm_execpath ? [process.env.npm_execpath] : []), 'install', '--no-save', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--location=project'], env);
}
run(process.execPath, [join(root, 'scripts/build.mjs')]);
