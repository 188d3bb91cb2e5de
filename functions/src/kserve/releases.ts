/**
 * What each KServe controller release gives the two prefill configs (facts:
 * ../shared/reference/kserve-releases.md): the functions and `.GlobalConfig` fields its templates
 * may use, whether its typed spec has `kvCacheOffloading`, and how each shipped prefill config's
 * command consumes env. Patch releases (v0.17.1, v0.18.1) ship what their .0 release ships.
 * Plain data, no imports: cheap to load on every run.
 */
import type { ConfigRole, KServeRelease } from '../config/types';

export type ReleaseName = KServeRelease;

/** The releases `spec.kserve.version` accepts, oldest first. */
export const RELEASE_NAMES: readonly ReleaseName[] = ['v0.17.0', 'v0.17.1', 'v0.18.0', 'v0.18.1', 'v0.19.0', 'v0.20.0'];

/** The release the embedded base (base/*.yaml) matches, and the default of `spec.kserve.version`. */
export const DEFAULT_RELEASE: ReleaseName = 'v0.20.0';

/** The template functions KServe adds to Go's builtins, with the first release that has each. */
export const FUNCTION_SINCE: Readonly<Record<string, ReleaseName>> = { ChildName: 'v0.17.0', shutdownTimeout: 'v0.19.0', kvTransferConfig: 'v0.20.0' };

/** The fields of `.GlobalConfig` (a Go struct: a field it lacks is an execution error), with the first release that has each. */
export const GLOBAL_CONFIG_SINCE: Readonly<Record<string, ReleaseName>> = {
  SystemNamespace: 'v0.17.0',
  IngressGatewayName: 'v0.17.0',
  IngressGatewayNamespace: 'v0.17.0',
  EnableTLS: 'v0.18.0',
  ModelBasedRoutingHeaderName: 'v0.19.0',
  InferencePoolNamespacedName: 'v0.20.0',
};

/** How one pod's command consumes env and args. */
export interface PodCommand {
  /** The command runs a shell script (bash -c); false: a plain `vllm serve` list that Kubernetes runs as is. */
  shell: boolean;
  /** Whether the script puts ${VLLM_ADDITIONAL_ARGS} on the vllm line. */
  readsAdditionalArgs: boolean;
  /** Whether the script runs RoCE inference when KSERVE_INFER_ROCE is exactly "true". */
  readsRoce: boolean;
  /** Whether the vllm line renders --tensor-parallel-size from the service's spec.prefill.parallelism.tensor. */
  rendersTensor: boolean;
  /** Whether the vllm line renders the data-parallel flags (data, dataLocal, expert, dataRPCPort). */
  rendersDataParallel: boolean;
}

export interface Release {
  name: ReleaseName;
  /** The release whose shipped prefill files this one ships (v0.17.1 -> v0.17.0). */
  files: ReleaseName;
  functions: readonly string[];
  globalConfigFields: readonly string[];
  /** `spec.*.kvCacheOffloading` exists in the release's Go types. */
  kvCacheOffloading: boolean;
  /** Per config role, per pod role (template | worker). */
  pods: Readonly<Record<ConfigRole, Readonly<Record<string, PodCommand>>>>;
}

const order = (r: ReleaseName): number => RELEASE_NAMES.indexOf(r);

/** Whether release `a` is `b` or newer. */
export function atLeast(a: ReleaseName, b: ReleaseName): boolean {
  return order(a) >= order(b);
}

const SHELL_DP: PodCommand = { shell: true, readsAdditionalArgs: true, readsRoce: true, rendersTensor: true, rendersDataParallel: true };

function podsOf(files: ReleaseName): Release['pods'] {
  const plainList = files === 'v0.17.0';
  const template: PodCommand = plainList
    ? { shell: false, readsAdditionalArgs: false, readsRoce: false, rendersTensor: false, rendersDataParallel: false }
    : { shell: true, readsAdditionalArgs: true, readsRoce: true, rendersTensor: files === 'v0.20.0', rendersDataParallel: false };
  return { template: { template }, dataParallel: { template: SHELL_DP, worker: SHELL_DP } };
}

function release(name: ReleaseName): Release {
  const files: ReleaseName = name === 'v0.17.1' ? 'v0.17.0' : name === 'v0.18.1' ? 'v0.18.0' : name;
  const since = (table: Readonly<Record<string, ReleaseName>>) => Object.keys(table).filter((k) => atLeast(files, table[k]));
  return { name, files, functions: since(FUNCTION_SINCE), globalConfigFields: since(GLOBAL_CONFIG_SINCE), kvCacheOffloading: atLeast(files, 'v0.20.0'), pods: podsOf(files) };
}

export function isReleaseName(v: unknown): v is ReleaseName {
  return typeof v === 'string' && (RELEASE_NAMES as readonly string[]).includes(v);
}

export function releaseOf(name: ReleaseName | undefined): Release {
  return release(name ?? DEFAULT_RELEASE);
}

/** "kvTransferConfig exists from KServe v0.20.0" — for messages about a function or field a release lacks. */
export function availability(kind: 'function' | 'field', name: string): string | undefined {
  const since = (kind === 'function' ? FUNCTION_SINCE : GLOBAL_CONFIG_SINCE)[name];
  return since ? `${kind === 'function' ? name : `.GlobalConfig.${name}`} exists from KServe ${since}` : undefined;
}
