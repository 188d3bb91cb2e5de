/**
 * Stages "select services" and "plan": which items the run patches and with which filters, in
 * patch mode (plan/plan.ts) or layer mode (layer/layer-stage.ts). Reads identities and the
 * selected services; patches nothing.
 */
import type { UseNoter } from '../filters/substitute-variables';
import { describeRef, identityOf } from '../krm/describe-ref';
import type { Item } from '../krm/item';
import { refOf, type Result } from '../krm/results';
import { releaseOf, type Release } from '../kserve/releases';
import { layerStage, type LayerStage } from '../layer/layer-stage';
import { plan, type Plan } from '../plan/plan';
import { pipelineFilters } from '../plan/pipeline-filters';
import { selectServices, type ServiceSelection } from '../plan/select-services';
import { shapeFindings } from '../plan/shape-findings';
import { noteUse } from '../variables/fill-config';
import { variableProblems } from '../variables/report';
import type { ConfigRead } from './read-input';

export interface RunPlan {
  planned: Plan;
  /** Layer mode's stage; undefined in patch mode. */
  layer: LayerStage | undefined;
  services: ServiceSelection;
  release: Release;
  /** What reading the variables, selecting the services and planning found. */
  results: Result[];
}

export function planRun(items: readonly Item[], cfg: ConfigRead): RunPlan {
  const { spec } = cfg.config;
  // The variable report says where each variable landed: the filters note it as they substitute.
  const noteResourceUse: UseNoter = (name, path, target) => noteUse(cfg.usage, name, `${describeRef(refOf(identityOf(target)))} ${path}`);
  const services = selectServices(items, spec);
  const pipeFilters = pipelineFilters(spec, cfg.variables, noteResourceUse);
  const layer = spec.mode === 'layer' ? layerStage(items, cfg.config, pipeFilters) : undefined;
  const planned = layer?.plan ?? plan(items, cfg.config, services.selected.length > 0, pipeFilters);
  const release = releaseOf(planned.kserve.version);
  const results = [...variableProblems(cfg.variables, cfg.ref), ...services.results, ...planned.results, ...shapeFindings(services.selected, spec, release)];
  return { planned, layer, services, release, results };
}

/** The items the patch stage handles itself (the flux scope stage handles the rest). */
export function patchedIndexes(run: RunPlan): Set<number> {
  return new Set([...run.planned.managed.map((m) => m.item.index), ...run.services.selected.map((s) => s.item.index)]);
}
