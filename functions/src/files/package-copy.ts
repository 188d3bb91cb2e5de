/**
 * Temporary copies render runs an engine on, so that nothing in the user's tree changes:
 * a kpt package (kpt fn render writes in place), and an overlay with another functionConfig
 * (`render --config`), placed next to the overlay so that its relative paths (../../base) still
 * resolve.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { RenderError } from './engine';
import type { FunctionConfig } from './kustomize-tree';

const FUNCTION_ANNOTATION = 'config.kubernetes.io/function';

/**
 * A copy of a kpt package. `.git` and the top-level entries its .krmignore names literally
 * (node_modules/, dist/, ...) are left out: kpt reads none of them, and they can be large. Exec
 * paths are resolved from the caller's directory, not from the copy, so dist/ is not needed.
 */
export function copyKptPackage(dir: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'llm-prefill-fn-kpt-')), basename(resolve(dir)));
  const skipped = new Set(['.git', ...ignoredTopLevel(dir)]);
  cpSync(dir, copy, { recursive: true, filter: (src) => !skipped.has(relative(dir, src).split(/[\\/]/)[0]) || relative(dir, src) === '' });
  return copy;
}

function ignoredTopLevel(dir: string): string[] {
  const file = join(dir, '.krmignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\/?[A-Za-z0-9._-]+\/?$/.test(l) && l !== '.' && l !== '..')
    .map((l) => l.replace(/^\//, '').replace(/\/$/, ''));
}

interface KptStep {
  image?: string;
  exec?: string;
  configPath?: string;
}

/** In a package copy, the config of this function's Kptfile step becomes `config`. */
export function useConfigInKptCopy(copy: string, config: string): void {
  const kptfile = parse(readFileSync(join(copy, 'Kptfile'), 'utf8')) as { pipeline?: { mutators?: KptStep[] } } | null;
  const step = (kptfile?.pipeline?.mutators ?? []).find((s) => /llm-prefill-fn/.test(s.exec ?? s.image ?? ''));
  if (!step) throw new RenderError('--config: the Kptfile has no llm-prefill-fn step');
  if (!step.configPath) throw new RenderError('--config: the Kptfile step of llm-prefill-fn has no configPath to replace (it uses configMap)');
  writeFileSync(join(copy, step.configPath), config);
}

/**
 * A sibling of the overlay directory, with the PrefillOverlay transformer's file replaced by
 * `config`. A config without the function annotation gets the one of the file it replaces, so
 * that kustomize runs the same function.
 */
export function overlayCopyWithConfig(dir: string, config: string, functions: readonly FunctionConfig[]): string {
  const top = resolve(dir);
  const own = functions.find((f) => dirname(f.file) === top && f.kind === 'PrefillOverlay') ?? functions.find((f) => dirname(f.file) === top && /llm-prefill-fn/.test(f.exec ?? f.image ?? ''));
  if (!own) throw new RenderError(`--config: ${dir} lists no PrefillOverlay among its transformers to replace`);
  const copy = mkdtempSync(join(dirname(top), `.${basename(top)}.llm-prefill-fn-`));
  cpSync(top, copy, { recursive: true });
  const original = parseDocument(readFileSync(own.file, 'utf8'));
  const doc = parseDocument(config);
  if (doc.errors.length > 0) throw new RenderError(`--config: ${doc.errors[0].message.split('\n')[0]}`);
  if (doc.getIn(['metadata', 'annotations', FUNCTION_ANNOTATION]) === undefined) {
    doc.setIn(['metadata', 'annotations', FUNCTION_ANNOTATION], original.getIn(['metadata', 'annotations', FUNCTION_ANNOTATION]));
  }
  writeFileSync(join(copy, relative(top, own.file)), doc.toString());
  return copy;
}
