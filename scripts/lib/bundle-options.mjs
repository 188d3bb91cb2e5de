// The esbuild options of the function's bundle, for scripts/build.mjs and for the benchmark's
// in-process run of the pipeline (scripts/bench/warm-pipeline.mjs), so that both bundle the same
// code the same way.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Options for esbuild's build(), with the entry point to bundle. */
export function bundleOptions(entryPoint, version) {
  return {
    entryPoints: [entryPoint],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    loader: { '.yaml': 'text' },
    define: { __VERSION__: JSON.stringify(version) },
    // `yaml` as ES modules (its package's default export; node's condition picks the CommonJS
    // build): esbuild hoists them into one scope instead of ~60 require() wrappers with their
    // export copying, which every start evaluates. Measured side by side: bundle 1,249 -> 1,231
    // KiB, code cache 1,413 -> 1,381 KiB, the typical overlay ~3 ms faster (100.3 -> 96.2 ms),
    // `--version` 73.4 -> 70.9 ms. The two builds are the same source; they differ only where
    // the CommonJS one reaches for node's Buffer (a !!binary value is a Uint8Array instead of a
    // Buffer: config/non-plain.ts refuses either in the functionConfig) and for
    // process.emitWarning (console.warn instead: also stderr).
    alias: { yaml: join(dirname(require.resolve('yaml/package.json')), 'browser/index.js') },
    logLevel: 'warning',
  };
}
