#!/usr/bin/env node
// The version has one source, package.json; the container image's tag is derived from it. This
// script finds every `ghcr.io/llm-prefill/llm-prefill-fn:<tag>` in the repository's files (tracked
// and new, not ignored) and
//   (no option)        rewrites each to :v<version> (npm version runs it: see package.json)
//   --check            rewrites nothing; lists each that differs and exits 1 (npm test checks it)
//   --digest sha256:…  pins the YAML files (overlays, gitops) to :v<version>@sha256:…, the digest
//                      the release workflow printed for that version
// A reference pinned to a digest keeps it when the tag is already right, and loses it when the
// tag changes (the digest belonged to the old version).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.SYNC_VERSION_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const IMAGE = 'ghcr.io/llm-prefill/llm-prefill-fn';
// A tag that is a version (v1.2.3, 1.2, v2.0.0-rc.1); placeholders such as v<version> are text.
const REFERENCE = /ghcr\.io\/llm-prefill\/llm-prefill-fn:(v?\d[A-Za-z0-9_.-]*)(@sha256:[0-9a-f]{64})?/g;
const SKIP = [/^package-lock\.json$/, /^node_modules\//, /^dist\//, /\.tgz$/];

function parseArgs(argv) {
  const args = { check: false, digest: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') args.check = true;
    else if (argv[i] === '--digest' && /^sha256:[0-9a-f]{64}$/.test(argv[i + 1] ?? '')) args.digest = argv[++i];
    else {
      console.error(`sync-version: unknown or incomplete argument ${argv[i]} (--check, --digest sha256:<64 hex digits>)`);
      process.exit(2);
    }
  }
  return args;
}

function files() {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return listed.split('\n').filter((f) => f && !SKIP.some((re) => re.test(f)) && existsSync(join(root, f)) && statSync(join(root, f)).isFile());
}

function wanted(file, digest, tag, oldDigest) {
  const pin = digest && /\.ya?ml$/.test(file) ? `@${digest}` : tag === `v${version}` ? (oldDigest ?? '') : '';
  return `${IMAGE}:v${version}${pin}`;
}

const args = parseArgs(process.argv.slice(2));
const stale = [];
let changed = 0;
for (const file of files()) {
  const text = readFileSync(join(root, file), 'utf8');
  if (!text.includes(IMAGE)) continue;
  const next = text.replace(REFERENCE, (ref, tag, oldDigest, at) => {
    const want = wanted(file, args.digest, tag, oldDigest);
    if (ref !== want) stale.push(`${file}:${text.slice(0, at).split('\n').length}: ${ref} (package.json says ${want})`);
    return want;
  });
  if (next !== text && !args.check) {
    writeFileSync(join(root, file), next);
    changed++;
  }
}
if (args.check) {
  if (stale.length > 0) {
    console.error(`sync-version: ${stale.length} image reference(s) disagree with package.json version ${version}:\n  ${stale.join('\n  ')}\nrun: node scripts/sync-version.mjs`);
    process.exit(1);
  }
  console.log(`sync-version: every ${IMAGE} reference is v${version}`);
} else console.log(`sync-version: ${stale.length} reference(s) set to v${version}${args.digest ? ` (YAML pinned to ${args.digest})` : ''} in ${changed} file(s)`);
