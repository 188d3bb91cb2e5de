/**
 * Stage "validate" for layer mode: every LLMInferenceService with spec.prefill is checked on the
 * layered view KServe computes (well-known config, each baseRef in order, the service), with
 * KServe's admission rules and the GPU math, plus what only layering can get wrong:
 * - an env entry that ends up with both `value` and `valueFrom` (entries merge field by field, a
 *   later layer cannot remove a field, and the API server rejects such a pod);
 * - a team preset field the overlay's delta overrides (the delta is the last baseRef and wins,
 *   where in patch mode the preset would win over the patched well-known config);
 * - a later layer (a baseRef after the delta, or the service) that shadows a field of the delta;
 * - parts of `affinity` a lower layer keeps beside the overlay's (a struct merges part by part).
 */
import { error, info, warning, type ResourceRef, type Result } from '../krm/results';
import type { KServeSettings } from '../plan/managed';
import { admissionRules, type Finding } from '../validate/admission';
import { relocated, type Resource } from '../validate/check-output';
import { gpuMath, prefillPods } from '../validate/gpu-math';
import { obj } from '../validate/merged-view';
import { overriddenFields } from './field-leaves';
import { layeredView, type Layer, type LayeredView } from './layered-view';
import type { ConfigLookup } from './well-known';

type Obj = Record<string, unknown>;

export function checkLayered(services: readonly Resource[], lookup: ConfigLookup, kserve: KServeSettings, deltas: ReadonlySet<string>, gpuResource: string): Result[] {
  return services
    .filter((s) => obj(obj(s.value.spec)?.prefill))
    .flatMap((service) => {
      const view = layeredView(service.value, lookup, kserve);
      const notes: Finding[] = view.unresolved.map((name) => ({
        severity: 'info',
        path: 'spec.baseRefs',
        message: `baseRef ${name} is not in the input: KServe merges it, the checks here see the other layers only`,
      }));
      const layered = [...envConflicts(view), ...precedence(view, deltas), ...affinityKept(view, deltas)];
      const gpu = gpuMath(view.merged, gpuResource).flatMap((f) => relocated(f, placed(view, service.ref), service.ref));
      return [...asResults([...notes, ...admissionRules(view.merged)], service.ref), ...gpu, ...asResults(layered, service.ref)];
    });
}

/** The layers that are resources of the input or the output, for reporting a pod field where it is set (the service as the caller knows it). */
function placed(view: LayeredView, serviceRef: ResourceRef | undefined): Resource[] {
  return view.layers.flatMap((l) => {
    const ref = l.kind === 'service' ? serviceRef : l.ref;
    return ref ? [{ ref, value: { spec: l.spec } }] : [];
  });
}

/** Env entries of the merged pods with both value and valueFrom, and which layers set each. */
export function envConflicts(view: LayeredView): Finding[] {
  const findings: Finding[] = [];
  for (const pod of prefillPods(view.merged)) {
    for (const container of list(pod.spec.containers)) {
      for (const entry of list(container.env)) {
        if (entry.value === undefined || entry.value === null || entry.value === '' || entry.valueFrom === undefined || entry.valueFrom === null) continue;
        const at = `spec.prefill.${pod.role}.containers[name=${String(container.name)}].env[name=${String(entry.name)}]`;
        const by = (field: 'value' | 'valueFrom') => setBy(view.layers, pod.role, String(container.name), String(entry.name), field);
        findings.push({
          severity: 'error',
          path: at,
          message:
            `env ${String(entry.name)} gets both value (from ${by('value')}) and valueFrom (from ${by('valueFrom')}) in KServe's merge: env entries merge field by field and a later layer cannot remove one, ` +
            `so the API server rejects the pod. Set it the way the lower layer does (value or valueFrom), leave it out of the overlay, or use mode: patch, which edits the well-known config`,
        });
      }
    }
  }
  return findings;
}

function setBy(layers: readonly Layer[], role: string, container: string, name: string, field: 'value' | 'valueFrom'): string {
  const labels = layers
    .filter((l) => {
      const pod = obj(obj(l.spec.prefill)?.[role]);
      const c = list(pod?.containers).find((x) => x.name === container);
      const e = list(c?.env).find((x) => x.name === name);
      return e !== undefined && e[field] !== undefined && e[field] !== null && e[field] !== '';
    })
    .map((l) => l.label);
  return labels.length > 0 ? labels.join(', ') : 'an unknown layer';
}

/** What the overlay's delta overrides below it, and what shadows it above it. */
export function precedence(view: LayeredView, deltas: ReadonlySet<string>): Finding[] {
  const at = view.layers.findIndex((l) => l.kind === 'baseRef' && deltas.has(l.name));
  if (at < 0) return [];
  const delta = view.layers[at] as Layer;
  const findings: Finding[] = [];
  view.layers.forEach((layer, i) => {
    if (i === at || layer.kind === 'well-known') return;
    const below = i < at;
    for (const f of below ? overriddenFields(layer.spec, delta.spec) : overriddenFields(delta.spec, layer.spec)) {
      findings.push({
        severity: 'warning',
        path: f.path,
        message: below
          ? `${layer.label} sets ${f.path} to ${show(f.lower)}; the overlay's delta ${delta.name}, later in spec.baseRefs, overrides it with ${show(f.upper)} (in patch mode the preset would win)`
          : `${layer.label} sets ${f.path} to ${show(f.upper)}, over the overlay's delta ${delta.name} (${show(f.lower)}): ${layer.kind === 'service' ? 'the service is the last layer and wins' : 'a later baseRef wins'}`,
      });
    }
  });
  return findings;
}

/**
 * `affinity` is a struct in KServe's merge: the parts (nodeAffinity, podAffinity,
 * podAntiAffinity) a lower layer sets and the delta does not stay, where patch mode replaces the
 * whole field with the overlay's.
 */
export function affinityKept(view: LayeredView, deltas: ReadonlySet<string>): Finding[] {
  const delta = view.layers.find((l) => l.kind === 'baseRef' && deltas.has(l.name));
  if (!delta) return [];
  const findings: Finding[] = [];
  for (const role of ['template', 'worker']) {
    const wanted = obj(obj(obj(delta.spec.prefill)?.[role])?.affinity);
    const merged = obj(obj(obj(view.merged.prefill)?.[role])?.affinity);
    if (!wanted || !merged) continue;
    const kept = Object.keys(merged).filter((part) => wanted[part] === undefined);
    if (kept.length === 0) continue;
    findings.push({
      severity: 'warning',
      path: `spec.prefill.${role}.affinity`,
      message: `affinity merges part by part in KServe: ${kept.join(', ')} of a lower layer stays beside the overlay's affinity (patch mode would replace affinity whole); set ${kept.join(', ')} in the overlay to override it`,
    });
  }
  return findings;
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function list(v: unknown): Obj[] {
  return (Array.isArray(v) ? v : []).map(obj).filter((x): x is Obj => x !== undefined);
}

function asResults(findings: readonly Finding[], ref: ResourceRef | undefined): Result[] {
  const make = { error, warning, info };
  return findings.map((f) => make[f.severity](f.message, ref ? { resourceRef: ref, field: { path: f.path } } : {}));
}
