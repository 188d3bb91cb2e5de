/**
 * File mode: `llm-prefill-fn render <dir> [--config <file>]` runs the function over an overlay's
 * files and prints plain manifests (a YAML stream) on stdout and the results, readably, on stderr.
 * Exit codes as in KRM mode.
 */
import { readFileSync } from 'node:fs';
import { readOverlay, OverlayError } from '../files/kustomization';
import { itemAsDocument, resourceListText } from '../files/stream';
import { decode } from '../krm/decode';
import { runFunction } from '../pipeline';
import { formatResult } from './krm-mode';

export interface RenderArgs {
  dir: string;
  config?: string;
}

export function parseRenderArgs(args: readonly string[]): RenderArgs | string {
  const out: Partial<RenderArgs> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--config') {
      const value = args[++i];
      if (value === undefined) return '--config needs a file';
      out.config = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (out.dir === undefined) out.dir = arg;
    else return `unexpected argument ${arg}`;
  }
  if (out.dir === undefined) return 'render needs a directory (an overlay with a kustomization.yaml)';
  return out as RenderArgs;
}

export function runRenderMode(args: RenderArgs): number {
  let overlay;
  try {
    overlay = readOverlay(args.dir);
  } catch (e) {
    if (!(e instanceof OverlayError)) throw e;
    process.stderr.write(`llm-prefill-fn: error: ${e.message}\n`);
    return 1;
  }
  for (const w of overlay.warnings) process.stderr.write(`llm-prefill-fn: warning: ${w}\n`);
  const functionConfig = args.config !== undefined ? readFileSync(args.config, 'utf8') : overlay.functionConfig;
  const out = runFunction(resourceListText(overlay.documents, functionConfig));
  // One line per edit: the summary of a config lists dozens of them.
  for (const r of out.results) process.stderr.write(`  [${r.severity}] ${formatResult(r).split('; ').join('\n      ')}\n`);
  if (out.failed) return 1;
  const items = decode(out.text).items;
  process.stdout.write(items.map((item) => '---\n' + itemAsDocument(item.chunk)).join(''));
  return 0;
}
