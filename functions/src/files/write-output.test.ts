import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { tempDir } from '../../../test/support/temp-dirs';
import { writeManifests } from './write-output';

const m = (kind: string, name: string, namespace?: string) => ({ id: { kind, name, namespace }, text: `kind: ${kind}\nmetadata:\n  name: ${name}\n` });

describe('writeManifests', () => {
  test('a directory gets one file per resource and a kustomization listing them', () => {
    const dir = tempDir('out-');
    const files = writeManifests(dir, [m('ConfigMap', 'a', 'ns'), m('ConfigMap', 'a', 'ns'), m('Service', 'B')]);
    expect(readdirSync(dir).sort()).toEqual(['kustomization.yaml', 'ns_configmap_a-2.yaml', 'ns_configmap_a.yaml', 'service_b.yaml']);
    expect(files).toHaveLength(4);
    expect(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')).toContain('  - service_b.yaml\n');
  });

  test('a second write removes what the first wrote for resources that are gone, and nothing else', () => {
    const dir = tempDir('out-');
    writeManifests(dir, [m('ConfigMap', 'old'), m('ConfigMap', 'kept')]);
    writeFileSync(join(dir, 'README.md'), 'mine');
    writeManifests(dir, [m('ConfigMap', 'kept')]);
    expect(existsSync(join(dir, 'configmap_old.yaml'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'configmap_kept.yaml', 'kustomization.yaml']);
  });

  test('a .yaml path gets one stream', () => {
    const file = join(tempDir('out-'), 'sub', 'all.yaml');
    writeManifests(file, [m('ConfigMap', 'a'), m('ConfigMap', 'b')]);
    expect(parseAllDocuments(readFileSync(file, 'utf8')).map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b']);
  });
});
