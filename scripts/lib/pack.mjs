// Packing a bundle into one self-contained executable: the launcher (scripts/launcher.cjs)
// followed by the minified bundle and a V8 code cache recorded by a training run, both deflated.
// scripts/build.mjs packs the function with it; the benchmark packs its `yaml`-alone floor with it
// (scripts/bench/yaml-alone.mjs), so that both start exactly the same way.
//
// The function runs once per `kpt fn render` or `kustomize build`, so start-up is most of a typical
// run: compiling 1 MB of JavaScript took ~80 ms of a ~260 ms run; with the cache V8 reads the
// recorded bytecode instead (npm run bench shows the effect). The file stays self-contained: the
// Dockerfile, Argo CD and Flux copy that one file. Its first run copies bundle and cache, inflated,
// into a cache directory that later runs read instead (see the launcher).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { bundleOptions } from './bundle-options.mjs';
import { functionConfig, HEAD, item } from './resource-list.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Bundles entryPoint and writes the executable to out; returns the sizes, for the build's log. */
export async function packExecutable(entryPoint, out, version) {
  const result = await build({ ...bundleOptions(entryPoint, version), write: false });
  const core = Buffer.from(result.outputFiles[0].contents);
  // esbuild escapes every non-ASCII character (charset: ascii, its default): the launcher reads
  // the bundle as latin1, which is only the same text for ASCII.
  const nonAscii = core.findIndex((byte) => byte > 0x7f);
  if (nonAscii >= 0) throw new Error(`the bundle has a non-ASCII byte at ${nonAscii}: scripts/launcher.cjs reads it as latin1`);
  const cache = recordCodeCache(core);
  // The launcher keys its cache directory by the bundle's hash (and node's version): a build with
  // other code never reads the files of another. (Not the code cache's hash: the training run's
  // cache differs a little from build to build, and any cache V8 accepts for this code will do.)
  const hash = createHash('sha256').update(core).digest('hex').slice(0, 16);
  const launcher = readFileSync(join(root, 'scripts/launcher.cjs'), 'utf8').replace("'@@BUNDLE_HASH@@'", `'${hash}'`);
  if (!launcher.includes(hash)) throw new Error('scripts/launcher.cjs has no @@BUNDLE_HASH@@ to fill in');
  mkdirSync(dirname(out), { recursive: true });
  // Deflated (node starts by reading and scanning the whole file: 0.8 MB instead of 3.2 MB), then
  // base64 inside one block comment: V8 skips a comment without parsing it, and base64 cannot
  // contain the comment's end.
  const packed = (data) => deflateRawSync(data, { level: 9 }).toString('base64');
  writeFileSync(out, `${launcher}/*llm-prefill-fn payload core:${packed(core)}:cache:${packed(cache)}:end*/\n`);
  chmodSync(out, 0o755);
  return { fileBytes: statSync(out).size, bundleBytes: core.length, cacheBytes: cache.length };
}

/**
 * Runs the bundle once on a training input (the base configs, the sample service and overlays/prod's
 * PrefillOverlay) and returns the V8 code cache recorded after the run (scripts/code-cache.cjs).
 * The cache fits the node that ran the build; the launcher falls back to compiling elsewhere.
 */
function recordCodeCache(core) {
  const dir = mkdtempSync(join(tmpdir(), 'llm-prefill-fn-build-'));
  try {
    const coreFile = join(dir, 'core.js');
    const cacheFile = join(dir, 'core.cache');
    writeFileSync(coreFile, core);
    const run = spawnSync(process.execPath, [join(root, 'scripts/code-cache.cjs'), coreFile, cacheFile], { input: trainingInput(), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`the code-cache training run failed (exit ${run.status}):\n${run.stdout.slice(-2000)}\n${run.stderr}`);
    return readFileSync(cacheFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function trainingInput() {
  const base = (file) => readFileSync(join(root, 'base', file), 'utf8');
  const configMap = '# unmanaged, passed through\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings # comment\ndata:\n  mode: fast\n';
  return (
    HEAD +
    item(base('config-llm-prefill-template.yaml'), 1, 'base/config-llm-prefill-template.yaml') +
    item(base('config-llm-prefill-worker-data-parallel.yaml'), 2, 'base/config-llm-prefill-worker-data-parallel.yaml') +
    item(base('llminferenceservice-sample.yaml'), 3, 'base/llminferenceservice-sample.yaml') +
    item(configMap, 4, 'settings.yaml') +
    functionConfig(readFileSync(join(root, 'overlays/prod/prefill-overlay.yaml'), 'utf8'))
  );
}
