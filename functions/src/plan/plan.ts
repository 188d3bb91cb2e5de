/**
 * Stage "plan": finds the managed configs and decides which filters run on them; notes the
 * configs to add from the embedded base. It reads only identities, so it never parses an item.
 */
import type { PrefillOverlay, PrefillOverlaySpec } from '../config/types';
import { appendVllmArgs } from '../filters/append-vllm-args';
import type { Filter } from '../filters/filter';
import { mergeEnv } from '../filters/merge-env';
import { mergeWorkloadMetadata } from '../filters/merge-workload-metadata';
import { setGracePeriod } from '../filters/set-grace-period';
import { setImage } from '../filters/set-image';
import { setImagePullPolicy } from '../filters/set-image-pull-policy';
import { setOverlayLabel } from '../filters/set-overlay-label';
import { setPrefillParallelism } from '../filters/set-prefill-parallelism';
import { setResources } from '../filters/set-resources';
import { setRoce } from '../filters/set-roce';
import { setScheduling } from '../filters/set-scheduling';
import { setSharedMemory } from '../filters/set-shared-memory';
import type { Item } from '../krm/item';
import { releaseOf } from '../kserve/releases';
import { singlePodFields } from '../kserve/shape';
import { shapeDeciderFor } from './service-shape';
import { NO_PIPELINE, type PipelineFilters } from './pipeline-filters';
import { error, info, refOf, warning, type Result } from '../krm/results';
import { CONFIG_ROLES, configName, KSERVE_DEFAULTS, roleOf, type ConfigRole, type KServeSettings } from './managed';

export interface ManagedConfig {
  item: Item;
  role: ConfigRole;
}

export interface Plan {
  kserve: KServeSettings;
  /** Filters for the selected LLMInferenceServices. */
  serviceFilters: Filter[];
  managed: ManagedConfig[];
  /** Managed configs absent from the input, to be added from the embedded base. */
  missing: ConfigRole[];
  /** Filters for each managed config, in the order they run. */
  filters: Record<ConfigRole, Filter[]>;
  results: Result[];
}

/**
 * `servicesSelected`: whether any LLMInferenceService takes the parallelism and replicas; when
 * none does, they go to the data-parallel config instead.
 */
export function plan(items: readonly Item[], config: PrefillOverlay, servicesSelected: boolean, pipeline: PipelineFilters = NO_PIPELINE): Plan {
  const { spec } = config;
  const kserve: KServeSettings = { ...KSERVE_DEFAULTS, ...spec.kserve };
  const wanted = spec.configs ?? CONFIG_ROLES;
  const managed: ManagedConfig[] = [];
  const results: Result[] = [];
  for (const item of items) {
    const role = roleOf(item.id, kserve);
    if (!role || !wanted.includes(role)) continue;
    const twin = managed.find((m) => m.role === role);
    if (twin) {
      results.push(error(`duplicate ${configName(role, kserve)}: items ${twin.item.index} and ${item.index} are both in namespace ${kserve.namespace}`, { resourceRef: refOf(item.id) }));
      continue;
    }
    managed.push({ item, role });
  }
  const missing: ConfigRole[] = [];
  for (const role of wanted.filter((r) => !managed.some((m) => m.role === r))) {
    const name = `${configName(role, kserve)} (namespace ${kserve.namespace})`;
    if (spec.ifMissing === 'error') results.push(error(`${name} is not in the input (ifMissing: error)`));
    else if (spec.ifMissing === 'ignore') results.push(info(`${name} is not in the input: left out (ifMissing: ignore)`));
    else missing.push(role);
  }
  const common = configFilters(spec);
  const filters: Record<ConfigRole, Filter[]> = { template: common, dataParallel: [...common] };
  const prefillSettings = spec.parallelism !== undefined || spec.replicas !== undefined;
  if (prefillSettings && !servicesSelected) {
    const dp = managed.some((m) => m.role === 'dataParallel') || missing.includes('dataParallel');
    if (dp) filters.dataParallel.push(setPrefillParallelism(spec.parallelism, spec.replicas));
    else results.push(warning('parallelism/replicas are set but no LLMInferenceService is selected and the data-parallel config is not managed: they are not applied anywhere'));
  }
  // Variables and the GitOps engine come last: they see every value the other filters wrote.
  filters.template.push(...pipeline.configs);
  filters.dataParallel.push(...pipeline.configs);
  const serviceFilters = [setPrefillParallelism(spec.parallelism, spec.replicas, singlePodFields(releaseOf(kserve.version)), shapeDeciderFor(items, kserve)), ...pipeline.services];
  return { kserve, serviceFilters, managed, missing, filters, results };
}

/**
 * The filters for the managed configs. Order matters where two settings touch the same field:
 * RoCE's env entries come before `env`, so that an explicit env entry is what the config says,
 * and `vllmArgs` comes last of the env filters because it appends to VLLM_ADDITIONAL_ARGS.
 */
export function configFilters(spec: PrefillOverlaySpec): Filter[] {
  const filters: Filter[] = [setOverlayLabel(spec.overlay)];
  if (spec.image !== undefined) filters.push(setImage(spec.image));
  if (spec.imagePullPolicy !== undefined) filters.push(setImagePullPolicy(spec.imagePullPolicy));
  if (spec.roce !== undefined) filters.push(setRoce(spec.roce));
  if (spec.env !== undefined) filters.push(mergeEnv(spec.env));
  if (spec.vllmArgs !== undefined) filters.push(appendVllmArgs(spec.vllmArgs));
  if (spec.resources !== undefined) filters.push(setResources(spec.resources));
  if (spec.sharedMemory !== undefined) filters.push(setSharedMemory(spec.sharedMemory));
  if (spec.scheduling !== undefined) filters.push(setScheduling(spec.scheduling));
  if (spec.terminationGracePeriodSeconds !== undefined) filters.push(setGracePeriod(spec.terminationGracePeriodSeconds));
  if (spec.labels !== undefined || spec.annotations !== undefined) filters.push(mergeWorkloadMetadata({ labels: spec.labels, annotations: spec.annotations }));
  return filters;
}
