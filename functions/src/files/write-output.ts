/**
 * Where the file mode puts plain manifests: a YAML stream on stdout, one file (`--out x.yaml`), or
 * a directory (`--out dir`) with one file per resource and a kustomization.yaml listing them, which
 * a Flux Kustomization (or kubectl apply -k) can point at.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Identity } from '../krm/identity';

export interface Manifest {
  id: Identity;
  text: string;
}

export function streamOf(manifests: readonly Manifest[]): string {
  return manifests.map((m) => '---\n' + (m.text.endsWith('\n') ? m.text : `${m.text}\n`)).join('');
}

/** Writes the manifests; returns the files written. */
export function writeManifests(out: string, manifests: readonly Manifest[]): string[] {
  if (/\.ya?ml$/.test(out)) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, streamOf(manifests));
    return [out];
  }
  mkdirSync(out, { recursive: true });
  removePreviousOutput(out);
  const names = uniqueNames(manifests);
  const written = manifests.map((m, i) => {
    const file = join(out, names[i]);
    writeFileSync(file, m.text.endsWith('\n') ? m.text : `${m.text}\n`);
    return file;
  });
  const kustomization = `${HEADER}\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${names.map((n) => `  - ${n}`).join('\n')}\n`;
  writeFileSync(join(out, 'kustomization.yaml'), kustomization);
  return [...written, join(out, 'kustomization.yaml')];
}

const HEADER = '# Written by llm-prefill-fn render: the hydrated manifests of one overlay.';

/**
 * A directory this command wrote before: its files for resources that are gone would linger, so
 * the files its kustomization.yaml lists are removed first. Nothing else is touched: a directory
 * without that kustomization.yaml is not ours to clean.
 */
function removePreviousOutput(out: string): void {
  const previous = join(out, 'kustomization.yaml');
  if (!existsSync(previous)) return;
  const text = readFileSync(previous, 'utf8');
  if (!text.startsWith(HEADER)) return;
  for (const m of text.matchAll(/^ {2}- ([^/\n]+\.yaml)$/gm)) rmSync(join(out, m[1]), { force: true });
}

/** <namespace>_<kind>_<name>.yaml, lowercased, made unique. */
function uniqueNames(manifests: readonly Manifest[]): string[] {
  const seen = new Map<string, number>();
  return manifests.map((m) => {
    const base = [m.id.namespace, m.id.kind, m.id.name].filter(Boolean).join('_').toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'resource';
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? `${base}.yaml` : `${base}-${n}.yaml`;
  });
}
