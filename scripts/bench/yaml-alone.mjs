// Packs scripts/bench/yaml-alone-main.mjs into an executable exactly as the build packs the
// function (scripts/lib/pack.mjs): the benchmark's floor for any function that reads its input
// with `yaml` and starts the way this one does.
import { join } from 'node:path';
import { packExecutable } from '../lib/pack.mjs';

/** The executable's path (in tmp). */
export async function packYamlAlone(root, tmp, version) {
  const out = join(tmp, 'yaml-alone.js');
  await packExecutable(join(root, 'scripts/bench/yaml-alone-main.mjs'), out, version);
  return out;
}
