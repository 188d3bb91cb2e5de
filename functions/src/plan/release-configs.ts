/**
 * The prefill configs `ifMissing: add` writes for each KServe release: base/ for the release it
 * matches (v0.20.0), and plan/releases/<release>/ for the older ones, written here from the facts
 * of each release's shipped configs (same fields and vLLM flags; our own scripts).
 */
import type { ConfigRole } from '../config/types';
import { error, type Result } from '../krm/results';
import { DEFAULT_RELEASE, type Release, type ReleaseName } from '../kserve/releases';
import { CONFIG_SUFFIX } from './managed';
import { BASE_CONFIGS } from './base-configs';
import t17 from './releases/v0.17.0/config-llm-prefill-template.yaml';
import d17 from './releases/v0.17.0/config-llm-prefill-worker-data-parallel.yaml';
import t18 from './releases/v0.18.0/config-llm-prefill-template.yaml';
import d18 from './releases/v0.18.0/config-llm-prefill-worker-data-parallel.yaml';
import t19 from './releases/v0.19.0/config-llm-prefill-template.yaml';
import d19 from './releases/v0.19.0/config-llm-prefill-worker-data-parallel.yaml';

/** Keyed by the release whose files they match (Release.files). */
const BY_FILES: Partial<Record<ReleaseName, Readonly<Record<ConfigRole, string>>>> = {
  'v0.17.0': { template: t17, dataParallel: d17 },
  'v0.18.0': { template: t18, dataParallel: d18 },
  'v0.19.0': { template: t19, dataParallel: d19 },
  [DEFAULT_RELEASE]: BASE_CONFIGS,
};

/** Where the config for a release lives in this repository, for messages. */
export function releaseConfigFile(files: ReleaseName, role: ConfigRole): string {
  const name = role === 'template' ? 'config-llm-prefill-template.yaml' : 'config-llm-prefill-worker-data-parallel.yaml';
  return files === DEFAULT_RELEASE ? `base/${name}` : `functions/src/plan/releases/${files}/${name}`;
}

/** The embedded config of `role` for a release's files, or undefined when none is written. */
export function releaseConfig(files: ReleaseName, role: ConfigRole): string | undefined {
  return BY_FILES[files]?.[role];
}

/**
 * The config `ifMissing: add` writes for `role` on the declared release, and the description of
 * the change; or an error that says which file to add when none is written for that release.
 */
export function configToAdd(role: ConfigRole, release: Release, name: string, namespace: string): { text: string; description: string } | Result {
  const text = releaseConfig(release.files, role);
  if (text === undefined) {
    return error(
      `${name} (namespace ${namespace}) is not in the input, and llm-prefill-fn has no config for KServe ${release.name} to add: add that release's ${CONFIG_SUFFIX[role]}.yaml (from KServe's config/llmisvcconfig) to the input, or set ifMissing: error`,
    );
  }
  const same = release.files === release.name ? '' : ` (the files ${release.files} ships)`;
  return { text, description: `added for KServe ${release.name}${same} from the embedded ${releaseConfigFile(release.files, role)}` };
}
