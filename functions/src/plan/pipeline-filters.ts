/**
 * The filters that come from `spec.pipeline`: pipeline variables, then what the GitOps engine
 * needs (Argo CD: an earlier sync wave for the configs; Flux: protect or escape).
 */
import type { PrefillOverlaySpec } from '../config/types';
import type { Filter } from '../filters/filter';
import { escapeForFluxFilter, protectFromFlux } from '../filters/flux';
import { setSyncWave } from '../filters/set-sync-wave';
import { substituteVariables, type UseNoter } from '../filters/substitute-variables';
import type { Resolution } from '../variables/resolve';

/** For the managed configs, and for the selected services (which keep their own sync wave). */
export interface PipelineFilters {
  configs: Filter[];
  services: Filter[];
}

export const NO_PIPELINE: PipelineFilters = { configs: [], services: [] };

export function pipelineFilters(spec: PrefillOverlaySpec, vars: Resolution, noteUse: UseNoter): PipelineFilters {
  const both: Filter[] = [];
  if (vars.values.size > 0 || vars.unset.size > 0) both.push(substituteVariables(vars, noteUse));
  const engine = spec.pipeline?.engine ?? 'none';
  const wave = engine === 'argocd' ? [setSyncWave(spec.pipeline?.argocd?.configSyncWave ?? '-1')] : [];
  const flux = engine === 'flux' ? [spec.pipeline?.flux?.substitution === 'escape' ? escapeForFluxFilter(vars.deferred) : protectFromFlux()] : [];
  return { configs: [...both, ...wave, ...flux], services: [...both, ...flux] };
}
