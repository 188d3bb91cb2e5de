/**
 * Reads a kpt package for the file mode: every YAML file of the package (skipping .krmignore'd
 * tooling directories is kpt's business; here: hidden directories and node_modules), and the
 * functionConfig of this function's step in the Kptfile pipeline (configPath or configMap).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { OverlayError, type Overlay } from './kustomization';
import { splitDocuments } from './stream';

const SKIP_DIRS = new Set(['node_modules', 'dist']);

export function isKptPackage(dir: string): boolean {
  return existsSync(join(dir, 'Kptfile'));
}

export function readKptPackage(dir: string): Overlay {
  const overlay: Overlay = { documents: [], origins: [], warnings: [] };
  for (const file of yamlFiles(dir)) {
    if (relative(dir, file) === 'Kptfile') continue;
    for (const doc of splitDocuments(readFileSync(file, 'utf8'))) {
      overlay.documents.push(doc);
      overlay.origins.push(file);
    }
  }
  overlay.functionConfig = functionConfigOf(dir);
  return overlay;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || SKIP_DIRS.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!existsSync(join(path, 'Kptfile'))) out.push(...yamlFiles(path));
    } else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

interface Step {
  image?: string;
  exec?: string;
  configPath?: string;
  configMap?: Record<string, unknown>;
}

/** The Kptfile step that runs this function, and its functionConfig as a YAML document. */
function functionConfigOf(dir: string): string | undefined {
  const kptfile = parse(readFileSync(join(dir, 'Kptfile'), 'utf8')) as { pipeline?: { mutators?: Step[] } } | null;
  const steps = kptfile?.pipeline?.mutators ?? [];
  const step = steps.find((s) => /llm-prefill-fn/.test(s.exec ?? s.image ?? ''));
  if (!step) return undefined;
  if (step.configPath) {
    const path = join(dir, step.configPath);
    if (!existsSync(path)) throw new OverlayError(`Kptfile: configPath ${step.configPath} does not exist`);
    return readFileSync(path, 'utf8');
  }
  if (step.configMap) {
    const data = Object.fromEntries(Object.entries(step.configMap).map(([k, v]) => [k, String(v)]));
    return stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data });
  }
  return undefined;
}
