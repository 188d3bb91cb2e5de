/**
 * The catalog conventions: metadata.yaml (as in the kpt functions catalog) names the image, the
 * license and every example; each example in examples/ has a README and is listed in
 * examples/README.md. test/e2e/kpt.test.ts runs them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { IMAGE } from '../functions/src/cli/help';
import { ROOT } from './support/tools';

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((e) => existsSync(join(ROOT, 'examples', e, 'package')));
const metadata = parse(readFileSync(join(ROOT, 'metadata.yaml'), 'utf8')) as { image: string; license: string; tags: string[]; examplePackageURLs: string[] };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };

test('metadata.yaml: the image, the license of package.json, a mutator', () => {
  expect(metadata.image).toBe(IMAGE);
  expect(metadata.license).toBe(pkg.license);
  expect(metadata.tags).toContain('mutator');
});

test('metadata.yaml lists exactly the examples there are', () => {
  expect(metadata.examplePackageURLs.map((u) => u.replace(/^.*\/examples\//, '')).sort()).toEqual([...EXAMPLES].sort());
});

test.each(EXAMPLES)('examples/%s has a README, .expected/, and a line in examples/README.md', (name) => {
  expect(existsSync(join(ROOT, 'examples', name, 'README.md'))).toBe(true);
  for (const file of ['config.yaml', 'diff.patch', 'results.yaml']) expect([file, existsSync(join(ROOT, 'examples', name, '.expected', file))]).toEqual([file, true]);
  expect(readFileSync(join(ROOT, 'examples/README.md'), 'utf8')).toContain(`[${name}](${name}/)`);
});
