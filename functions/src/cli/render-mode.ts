/**
 * File mode: `llm-prefill-fn render <dir> [--config <file>]` runs the function over an overlay's
 * files and prints plain manifests (a YAML stream) on stdout and the results, readably, on stderr.
 * Exit codes as in KRM mode.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKptPackage, readKptPackage } from '../files/kpt-package';
import { streamOf, writeManifests } from '../files/write-output';
import { readOverlay, OverlayError } from '../files/kustomization';
import { itemAsDocument, resourceListText } from '../files/stream';
import { decode } from '../krm/decode';
import { runFunction } from '../pipeline';
import { formatResult } from './krm-mode';

export interface RenderArgs {
  dir: string;
  config?: string;
  out?: string;
}

export function parseRenderArgs(args: readonly string[]): RenderArgs | string {
  const out: Partial<RenderArgs> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--config' || arg === '--out') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a path`;
      if (arg === '--config') out.config = value;
      else out.out = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (out.dir === undefined) out.dir = arg;
    else return `unexpected argument ${arg}`;
  }
  if (out.dir === undefined) return 'render needs a directory (an overlay with a kustomization.yaml, or a kpt package)';
  return out as RenderArgs;
}

export function runRenderMode(args: RenderArgs): number {
  let overlay;
  try {
    overlay = isKptPackage(args.dir) && !hasKustomization(args.dir) ? readKptPackage(args.dir) : readOverlay(args.dir);
  } catch (e) {
    if (!(e instanceof OverlayError)) throw e;
    process.stderr.write(`llm-prefill-fn: error: ${e.message}\n`);
    return 1;
  }
  for (const w of overlay.warnings) process.stderr.write(`llm-prefill-fn: warning: ${w}\n`);
  let functionConfig = overlay.functionConfig;
  if (args.config !== undefined) {
    try {
      functionConfig = readFileSync(args.config, 'utf8');
    } catch (e) {
      process.stderr.write(`llm-prefill-fn: error: cannot read --config ${args.config}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const out = runFunction(resourceListText(overlay.documents, functionConfig), process.env);
  // One line per edit: the summary of a config lists dozens of them.
  for (const r of out.results) process.stderr.write(`  [${r.severity}] ${formatResult(r).split('; ').join('\n      ')}\n`);
  if (out.failed) return 1;
  // Plain manifests: local-config items (function configs, variable ConfigMaps, Kptfiles) are
  // client-side only, as kustomize and kpt treat them.
  const manifests = decode(out.text)
    .items.map((item) => ({ id: item.id, text: itemAsDocument(item.chunk) }))
    .filter((m) => !isLocalConfig(m.text));
  if (args.out === undefined) {
    process.stdout.write(streamOf(manifests));
    return 0;
  }
  const files = writeManifests(args.out, manifests);
  process.stderr.write(`llm-prefill-fn: wrote ${manifests.length} manifest(s) to ${args.out} (${files.length} file(s))\n`);
  return 0;
}

function hasKustomization(dir: string): boolean {
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(dir, f)));
}

function isLocalConfig(doc: string): boolean {
  return /^\s+config\.kubernetes\.io\/local-config:\s*["']?true["']?\s*$/m.test(doc);
}
