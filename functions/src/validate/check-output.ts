/**
 * Stage "validate": checks what goes out the way KServe will (admission rules on the merged spec)
 * and the way it doesn't (GPU math, RDMA, shared memory, image tags). Each LLMInferenceService
 * with spec.prefill is checked merged with the prefill config KServe would pick for it; without
 * such a service, each managed config is checked on its own.
 */
import type { ConfigRole } from '../config/types';
import { error, info, warning, type ResourceRef, type Result } from '../krm/results';
import { admissionRules, type Finding } from './admission';
import { gpuMath } from './gpu-math';
import { mergeSpecs, obj, prefillConfigFor } from './merged-view';

type Obj = Record<string, unknown>;

export interface Resource {
  ref: ResourceRef | undefined;
  value: Obj;
}

export function checkOutput(configs: ReadonlyMap<ConfigRole, Resource>, services: readonly Resource[], gpuResource: string): Result[] {
  const withPrefill = services.filter((s) => obj(obj(s.value.spec)?.prefill));
  if (withPrefill.length === 0) {
    return [...configs.values()].flatMap((c) => asResults(gpuMath(obj(c.value.spec) ?? {}, gpuResource, true), c.ref));
  }
  return withPrefill.flatMap((service) => {
    const spec = obj(service.value.spec) ?? {};
    const role = prefillConfigFor(spec);
    const config = role ? configs.get(role) : undefined;
    const notes: Finding[] = [];
    if (role && !config) notes.push({ severity: 'info', path: 'spec.prefill', message: `KServe merges this service with its ${role} prefill config, which is not in the input: checked the service alone` });
    if (Array.isArray(spec.baseRefs) && spec.baseRefs.length > 0) notes.push({ severity: 'info', path: 'spec.baseRefs', message: 'baseRefs are merged by KServe but not resolved here: the checks see the prefill config and the service only' });
    const merged = mergeSpecs(obj(config?.value.spec) ?? {}, spec);
    return asResults([...notes, ...admissionRules(merged), ...gpuMath(merged, gpuResource)], service.ref);
  });
}

function asResults(findings: readonly Finding[], ref: ResourceRef | undefined): Result[] {
  const make = { error, warning, info };
  return findings.map((f) => make[f.severity](f.message, ref ? { resourceRef: ref, field: { path: f.path } } : {}));
}
