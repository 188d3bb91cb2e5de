/**
 * Stage "validate": what goes out is checked as KServe will read it. The managed configs and the
 * patched services against KServe's CRD and the release's fields; then, across configs and
 * services, patch mode's checks (validate/check-output.ts, validate/effects.ts) or layer mode's
 * on KServe's layered view.
 */
import type { PrefillOverlaySpec } from '../config/types';
import type { Item } from '../krm/item';
import type { Result } from '../krm/results';
import { baseRefsIn } from '../validate/base-refs';
import { checkOutput } from '../validate/check-output';
import { settingEffects } from '../validate/effects';
import { validateSpec } from '../validate/kserve-schema';
import { releaseFieldFindings } from '../validate/release-fields';
import { outputServices } from './output-services';
import type { PatchedItems } from './patch-items';
import type { RunPlan } from './plan-run';

export function checkOutputStage(items: readonly Item[], spec: PrefillOverlaySpec, run: RunPlan, patched: Pick<PatchedItems, 'configs' | 'services' | 'deltas'>): Result[] {
  const { release, layer } = run;
  const ours = [...patched.configs.values(), ...patched.services.values()];
  const results = [...ours.flatMap((r) => validateSpec(r.value.spec, r.ref)), ...releaseFieldFindings(ours, release)];
  const out = outputServices(items, patched.services);
  results.push(...out.results);
  const gpuResource = spec.resources?.gpuResource ?? 'nvidia.com/gpu';
  if (layer) return [...results, ...layer.check(out.services, patched.deltas, gpuResource)];
  const baseRefs = baseRefsIn(items, run.planned.managed.map((m) => m.item.index), run.planned.kserve);
  const configs = patched.configs;
  return [...results, ...checkOutput(configs, out.services, gpuResource, release, baseRefs), ...settingEffects({ spec, release, configs, services: out.services, baseRefs })];
}
