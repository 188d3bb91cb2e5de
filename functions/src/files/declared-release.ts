/**
 * The KServe release an overlay or kpt package declares (`spec.kserve.version` of its
 * PrefillOverlay, `kserveVersion` of a ConfigMap config), for `preview DIR`: the rendered output
 * no longer holds the functionConfig (it is local-config), so it is read from the files. With
 * nested overlays the outermost one's declaration wins (the last function config found).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { isReleaseName, type ReleaseName } from '../kserve/releases';
import { obj } from '../validate/merged-view';
import { kustomizationIn, walkTree } from './kustomize-tree';

export function declaredRelease(dir: string): ReleaseName | undefined {
  const declared = kustomizationIn(dir) ? walkTree(dir).functions.map((f) => releaseInFile(f.file)) : kptDeclarations(dir);
  return declared.filter((v): v is ReleaseName => v !== undefined).pop();
}

function releaseInFile(file: string): ReleaseName | undefined {
  if (!existsSync(file)) return undefined;
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const v = releaseIn(doc.toJS() as unknown);
    if (v) return v;
  }
  return undefined;
}

function releaseIn(value: unknown): ReleaseName | undefined {
  const o = obj(value);
  const v = obj(obj(o?.spec)?.kserve)?.version ?? obj(o?.data)?.kserveVersion;
  return isReleaseName(v) ? v : undefined;
}

/** The Kptfile's mutators: a configPath file, or an inline configMap. */
function kptDeclarations(dir: string): (ReleaseName | undefined)[] {
  const kptfile = join(resolve(dir), 'Kptfile');
  if (!existsSync(kptfile)) return [];
  const steps = obj(obj(parse(readFileSync(kptfile, 'utf8')) as unknown)?.pipeline)?.mutators;
  return (Array.isArray(steps) ? steps : []).map(obj).map((step) => {
    if (typeof step?.configPath === 'string') return releaseInFile(join(dirname(kptfile), step.configPath));
    return releaseIn({ data: step?.configMap });
  });
}
