/**
 * The files of a kustomization tree, as far as render needs them around the real kustomize:
 * which function configs it holds (an exec function that kubectl kustomize would skip without a
 * word; a transformer file that is missing) and which files a finding may come from (to name
 * file and line). This does not build anything: kustomize does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from './locate';
import { parse, parseAllDocuments } from 'yaml';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface FunctionConfig {
  file: string;
  kind?: string;
  name?: string;
  exec?: string;
  image?: string;
}

export interface Tree {
  /** Every file a resource may come from (resources, components' resources), absolute. */
  files: string[];
  functions: FunctionConfig[];
  /** Misuse found on the way: a listed path that does not exist. */
  problems: string[];
}

export function kustomizationIn(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

/** Entries that are not local paths: remote bases, inline configs. */
function isLocalPath(entry: string): boolean {
  return !/^[a-z]+:\/\//i.test(entry) && !/^(github\.com|gitlab\.com|git@|ssh:)/.test(entry) && !entry.includes('?ref=') && !entry.includes('\n');
}

export function walkTree(dir: string): Tree {
  const tree: Tree = { files: [], functions: [], problems: [] };
  visit(resolve(dir), tree, new Set());
  return tree;
}

function visit(dir: string, tree: Tree, seen: Set<string>): void {
  if (seen.has(dir)) return;
  seen.add(dir);
  const file = kustomizationIn(dir);
  if (!file) return;
  let k: Record<string, unknown>;
  try {
    const value: unknown = parse(readFileSync(file, 'utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    k = value as Record<string, unknown>;
  } catch {
    return; // kustomize says what is wrong with it
  }
  for (const key of ['resources', 'bases', 'components']) {
    for (const entry of paths(k[key])) {
      const path = resolve(dir, entry);
      if (!existsSync(path)) continue; // kustomize's own message names it
      if (statSync(path).isDirectory()) visit(path, tree, seen);
      else tree.files.push(path);
    }
  }
  for (const key of ['transformers', 'generators', 'validators']) {
    for (const entry of paths(k[key])) {
      const path = resolve(dir, entry);
      if (!existsSync(path)) {
        tree.problems.push(`${displayPath(file)}: ${key}: ${entry} does not exist (${displayPath(path)})`);
        continue;
      }
      if (statSync(path).isDirectory()) visit(path, tree, seen);
      else addFunctions(path, tree);
    }
  }
}

function paths(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && isLocalPath(v));
}

type Doc = { kind?: unknown; metadata?: { name?: unknown; annotations?: Record<string, unknown> } };

function addFunctions(path: string, tree: Tree): void {
  tree.files.push(path);
  let docs: Doc[];
  try {
    docs = parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as Doc);
  } catch {
    return;
  }
  for (const doc of docs) {
    const spec = doc?.metadata?.annotations?.['config.kubernetes.io/function'];
    if (typeof spec !== 'string') continue;
    let fn: { exec?: { path?: unknown }; container?: { image?: unknown } } | null;
    try {
      fn = parse(spec) as typeof fn;
    } catch {
      continue;
    }
    tree.functions.push({
      file: path,
      kind: typeof doc.kind === 'string' ? doc.kind : undefined,
      name: typeof doc.metadata?.name === 'string' ? doc.metadata.name : undefined,
      exec: typeof fn?.exec?.path === 'string' ? fn.exec.path : undefined,
      image: typeof fn?.container?.image === 'string' ? fn.container.image : undefined,
    });
  }
}
