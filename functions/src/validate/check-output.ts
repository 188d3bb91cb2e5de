/**
 * Stage "validate": checks what goes out the way KServe will (admission rules on each service's
 * own spec, as its webhook does) and the way it doesn't (GPU math, RDMA, shared memory, image
 * tags). Each LLMInferenceService
 * with spec.prefill is checked merged with the prefill config KServe would pick for it, with the
 * parallelism vLLM is really started with: KServe renders the flags from the service's own spec,
 * and a single-pod service (template config) runs no data parallelism. A config that carries
 * parallelism itself is checked on its own too. Findings about a pod's field are reported on
 * the resource that sets it (the config or the service), at a path that exists there.
 */
import type { ConfigRole } from '../config/types';
import type { Change } from '../filters/filter';
import { error, info, warning, type ResourceRef, type Result } from '../krm/results';
import { DEFAULT_RELEASE, releaseOf, type Release } from '../kserve/releases';
import { admissionRules, type FieldAt, type Finding } from './admission';
import { noBaseRefs, type BaseRefs } from './base-refs';
import { gpuMath, type VllmParallelism } from './gpu-math';
import { mergeSpecs, num, obj, prefillConfigFor } from './merged-view';
import { namingOverlayFields } from './overlay-fields';

type Obj = Record<string, unknown>;

export interface Resource {
  ref: ResourceRef | undefined;
  value: Obj;
  /** This run's edits of the resource, when the patch stage made them (its outcomes carry them): which values the overlay wrote. */
  changes?: readonly Change[];
}

export function checkOutput(configs: ReadonlyMap<ConfigRole, Resource>, services: readonly Resource[], gpuResource: string, release: Release = releaseOf(DEFAULT_RELEASE), baseRefs: BaseRefs = noBaseRefs): Result[] {
  const withPrefill = services.filter((s) => obj(obj(s.value.spec)?.prefill));
  const own = [...configs.values()].flatMap((c) => configOwnParallelism(c, withPrefill.length === 0));
  if (withPrefill.length === 0) {
    return [...own, ...[...configs.values()].flatMap((c) => asResults(gpuMath(obj(c.value.spec) ?? {}, gpuResource, true), c.ref))];
  }
  return [...own, ...withPrefill.flatMap((service) => checkService(service, configs, gpuResource, release, baseRefs))];
}

function checkService(service: Resource, configs: ReadonlyMap<ConfigRole, Resource>, gpuResource: string, release: Release, baseRefs: BaseRefs): Result[] {
  const spec = obj(service.value.spec) ?? {};
  const refs = baseRefs(service);
  const refSpecs = refs.found.map((r) => obj(r.value.spec) ?? {});
  // KServe picks the config by the service merged with its baseRefs (a baseRef may supply the worker).
  const role = prefillConfigFor(refSpecs.length > 0 ? mergeSpecs(...refSpecs, spec) : spec);
  const config = role ? configs.get(role) : undefined;
  const notes: Finding[] = [];
  if (role && !config) notes.push({ severity: 'info', path: 'spec.prefill', message: `KServe merges this service with its ${role} prefill config, which is not in the input: checked the service alone` });
  if (refs.missing.length > 0) notes.push({ severity: 'info', path: 'spec.baseRefs', message: `baseRefs ${refs.missing.join(', ')} are not in the input: KServe merges them, the checks here do not` });
  if (role === 'template' && refs.missing.length > 0) {
    // A baseRef not in the input may supply the worker: the shape, and so the GPU math, is not known.
    notes.push({ severity: 'info', path: 'spec.baseRefs', message: 'the shape is not known (a missing baseRef may supply spec.prefill.worker): GPU math skipped for this service' });
    return asResults([...notes, ...serviceAdmission(service)], service.ref);
  }
  const merged = mergeSpecs(obj(config?.value.spec) ?? {}, ...refSpecs, spec);
  const gpu = gpuMath(merged, gpuResource, { singlePod: role === 'template', vllm: renderedParallelism(spec, role, release) });
  const layers = [...(config ? [config] : []), ...refs.found, service];
  return [...asResults([...notes, ...serviceAdmission(service)], service.ref), ...gpu.flatMap((f) => relocated(f, layers, service.ref)), ...configOnlyParallelism(config, spec, service.ref)];
}

/** KServe's admission rules on the service's own spec, naming the overlay field where the overlay wrote the value. */
function serviceAdmission(service: Resource): Finding[] {
  return admissionRules(obj(service.value.spec) ?? {}).map((f) => namingOverlayFields(f, service.changes, 'keep this service out of its spec.services'));
}

/** The parallelism on the vLLM line of a service's pods: rendered from its own spec.prefill, by what the release's config renders. */
export function renderedParallelism(spec: Obj, role: ConfigRole | undefined, release: Release): VllmParallelism | undefined {
  if (!role) return undefined;
  const p = obj(obj(spec.prefill)?.parallelism) ?? {};
  const pod = release.pods[role].template;
  return { tensor: pod.rendersTensor ? num(p.tensor) || 1 : 1, dataLocal: pod.rendersDataParallel ? num(p.dataLocal) || 1 : 1 };
}

/**
 * KServe's parallelism rules on a config's own spec.prefill (its config webhook does not run
 * them; every service merged with it inherits the values), and, without any service to say
 * otherwise, that the templates will not see it.
 */
function configOwnParallelism(config: Resource, alone: boolean): Result[] {
  const prefill = obj(obj(config.value.spec)?.prefill);
  const p = obj(prefill?.parallelism);
  if (!prefill || !p) return [];
  const rules = admissionRules({ prefill }).filter((f) => f.path.startsWith('spec.prefill.parallelism') && !f.message.startsWith('when worker is specified'));
  const own = (f: Finding): Finding => ({ ...f, message: `${f.message} (in this config's own spec.prefill: KServe's config webhook does not check it, and every service merged with this config inherits it; the service webhook checks only the service's own spec)` });
  const results = rules.map((f) =>
    error(namingOverlayFields(own(f), config.changes).message, {
      ...(config.ref ? { resourceRef: config.ref } : {}),
      field: { path: f.path },
    }),
  );
  if (alone) results.push(warning(CONFIG_ONLY, { ...(config.ref ? { resourceRef: config.ref } : {}), field: { path: 'spec.prefill.parallelism' } }));
  return results;
}

const CONFIG_ONLY =
  "parallelism set only in a config: KServe renders the vLLM flags (--data-parallel-size, --tensor-parallel-size, ...) from each service's own spec.prefill.parallelism, " +
  "never from a config, so these values change the merged pod spec and the LeaderWorkerSet size but not what vLLM is started with. Set them on the services (the overlay's spec.parallelism writes them into every selected LLMInferenceService in the input)";

/** Parallelism fields the config carries and the service does not: they size the pods, but the vLLM flags do not see them. */
function configOnlyParallelism(config: Resource | undefined, spec: Obj, serviceRef: ResourceRef | undefined): Result[] {
  const fromConfig = obj(obj(obj(config?.value.spec)?.prefill)?.parallelism) ?? {};
  const mine = obj(obj(spec.prefill)?.parallelism) ?? {};
  const only = Object.keys(fromConfig).filter((k) => fromConfig[k] !== undefined && fromConfig[k] !== null && (mine[k] === undefined || mine[k] === null));
  if (!config || only.length === 0) return [];
  const service = serviceRef ? [serviceRef.namespace, serviceRef.name].filter(Boolean).join('/') : 'the service';
  return [
    warning(`spec.prefill.parallelism.${only.join(', ')} come only from this config for ${service}: ${CONFIG_ONLY.slice(CONFIG_ONLY.indexOf('KServe'))}`, {
      ...(config.ref ? { resourceRef: config.ref } : {}),
      field: { path: 'spec.prefill.parallelism' },
    }),
  ];
}

/** A finding about a pod's field, on the last layer (service over config) that sets the field, at its path there. `fallback`: the service, the last layer. */
export function relocated(f: Finding, layers: readonly Resource[], fallback: ResourceRef | undefined): Result[] {
  const found = f.at ? [...layers].reverse().map((l) => ({ ref: l.ref, path: pathIn(l.value, f.at as FieldAt) })).find((x) => x.path !== undefined) : undefined;
  // The service's own GPU request is the last layer: the overlay's spec.resources.gpus cannot change it.
  const own = found && found.ref === fallback && f.at?.field[0] === 'resources' && layers.length > 1 ? "; this is the service's own request, which wins over the PrefillOverlay's spec.resources.gpus: change it here" : '';
  return asResults([{ ...f, path: found?.path ?? f.path, message: f.message + own }], found ? found.ref : fallback);
}

function pathIn(resource: Obj, at: FieldAt): string | undefined {
  const list = obj(obj(obj(resource.spec)?.prefill)?.[at.pod])?.[at.list];
  if (!Array.isArray(list)) return undefined;
  const i = list.findIndex((e) => obj(e)?.name === at.name);
  if (i < 0) return undefined;
  let v: unknown = list[i];
  for (const key of at.field) v = obj(v)?.[key];
  return v === undefined ? undefined : `spec.prefill.${at.pod}.${at.list}[${i}].${at.field.join('.')}`;
}

function asResults(findings: readonly Finding[], ref: ResourceRef | undefined): Result[] {
  const make = { error, warning, info };
  return findings.map((f) => make[f.severity](f.message, ref ? { resourceRef: ref, field: { path: f.path } } : {}));
}
