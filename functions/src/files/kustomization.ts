/**
 * Reads an overlay the way the file mode needs it, without kustomize: the documents of its
 * `resources` (files, and directories with a kustomization, recursively) and its functionConfig
 * (the PrefillOverlay among its `transformers`, or a file given with --config). Other kustomize
 * features are not applied here: the file mode says so rather than render something different
 * from `kustomize build`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { splitDocuments } from './stream';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Fields whose effect the file mode reproduces. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'metadata', 'resources', 'transformers']);

export interface Overlay {
  documents: string[];
  functionConfig?: string;
  /** Where each document came from (for messages), parallel to `documents`. */
  origins: string[];
  warnings: string[];
}

export class OverlayError extends Error {}

export function readOverlay(dir: string): Overlay {
  const overlay: Overlay = { documents: [], origins: [], warnings: [] };
  collect(resolve(dir), overlay, new Set(), true);
  return overlay;
}

function kustomizationIn(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

function collect(dir: string, overlay: Overlay, seen: Set<string>, top: boolean): void {
  if (seen.has(dir)) throw new OverlayError(`kustomization cycle at ${dir}`);
  seen.add(dir);
  const file = kustomizationIn(dir);
  if (!file) throw new OverlayError(`no kustomization.yaml in ${dir}`);
  const k = parseKustomization(file);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) overlay.warnings.push(`${relative(process.cwd(), file)}: "${key}" is not applied by the file mode (use kustomize build for it)`);
  }
  for (const entry of list(k.resources, file, 'resources')) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new OverlayError(`${file}: resource ${entry} does not exist`);
    if (statSync(path).isDirectory()) collect(path, overlay, seen, false);
    else addFile(path, overlay);
  }
  for (const entry of list(k.transformers, file, 'transformers')) {
    const path = resolve(dir, entry);
    const text = readFileSync(path, 'utf8');
    const isPrefillOverlay = /^kind:\s*PrefillOverlay\s*$/m.test(text);
    if (!isPrefillOverlay) overlay.warnings.push(`${relative(process.cwd(), path)}: transformer is not a PrefillOverlay and is not applied by the file mode`);
    else if (top) overlay.functionConfig = text;
  }
}

function addFile(path: string, overlay: Overlay): void {
  for (const doc of splitDocuments(readFileSync(path, 'utf8'))) {
    overlay.documents.push(doc);
    overlay.origins.push(path);
  }
}

function parseKustomization(file: string): Record<string, unknown> {
  try {
    const value: unknown = parse(readFileSync(file, 'utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (e) {
    throw new OverlayError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  throw new OverlayError(`${file}: not a kustomization`);
}

function list(value: unknown, file: string, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new OverlayError(`${file}: ${key} must be a list of paths`);
  return value as string[];
}
