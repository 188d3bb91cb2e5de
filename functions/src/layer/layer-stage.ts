/**
 * Layer mode (`spec.mode: layer`), as one stage of the pipeline: KServe's well-known configs are
 * neither needed nor touched; each selected LLMInferenceService gets the overlay's parallelism and
 * replicas (as in patch mode) and the delta of its shape as its last `spec.baseRefs` entry; one
 * delta config per (namespace, shape) in use holds the overlay's keyed fields. See
 * docs/layer-mode.md.
 *
 * The pipeline's stages call it in three places: `plan` (stages/plan-run.ts, instead of
 * plan/plan.ts), `deltas` (stages/patch-items.ts, after the services are patched: the deltas of
 * the shapes they use), and `check` (stages/check-output-stage.ts, instead of
 * validate/check-output.ts: the checks on KServe's layered view, given the deltas as they go
 * out). The one state it keeps is what its service filter records while the services are
 * patched, read by `deltas`: which delta (namespace, shape) each of them uses, and the services
 * no delta fits.
 */
import type { ConfigRole, PrefillOverlay } from '../config/types';
import { documentAsItem } from '../files/stream';
import type { Change, Filter } from '../filters/filter';
import { setPrefillParallelism } from '../filters/set-prefill-parallelism';
import { shellJoin } from '../filters/shell-quote';
import type { Item } from '../krm/item';
import { indentLines } from '../krm/lines';
import { error, info, warning, type ResourceRef, type Result } from '../krm/results';
import type { Chunk } from '../krm/scan';
import { releaseOf } from '../kserve/releases';
import { singlePodFields } from '../kserve/shape';
import { KSERVE_DEFAULTS, CONFIG_KIND, type KServeSettings } from '../plan/managed';
import { shapeDeciderFor } from '../plan/service-shape';
import { configFilters, type Plan } from '../plan/plan';
import type { PipelineFilters } from '../plan/pipeline-filters';
import type { Resource } from '../validate/check-output';
import { validateSpec } from '../validate/kserve-schema';
import { obj } from '../validate/merged-view';
import { deepEqual } from '../yaml/nodes';
import { appendBaseRef, type DeltaUse } from './append-base-ref';
import { deltaSkeleton, DELTA_API_VERSION, isToolAnnotation, wellKnownVllmArgs } from './build-delta';
import { configIndex, type ConfigIndex } from './config-index';
import { deltaName, deltaNames, wellKnownLookalike } from './delta-names';
import { checkLayered } from './layer-checks';
import { wellKnownConfig, type ConfigLookup } from './well-known';

type Obj = Record<string, unknown>;

/** What the patch stage gives back for an item (its Outcome, stages/patch-item.ts). */
export interface Patched {
  ref: ResourceRef | undefined;
  changes: Change[];
  value: Obj;
  added?: boolean;
}

export type PatchDelta<O extends Patched> = (chunk: Chunk, parsed: undefined, filters: readonly Filter[], role: ConfigRole) => O | Result;

export interface DeltaEmit<O> {
  /** The input item it replaces; undefined for a new delta. */
  index: number | undefined;
  outcome: O | Result;
}

/** The deltas of a run: what goes out (replacing an input item or added) and their resources. */
export interface Deltas<O> {
  emits: DeltaEmit<O>[];
  /** Each delta as it goes out (unchanged from the input, or rebuilt), for `check`. */
  resources: Resource[];
}

export interface LayerStage {
  plan: Plan;
  deltas<O extends Patched>(patch: PatchDelta<O>, indent: number): Deltas<O>;
  check(services: readonly Resource[], deltas: readonly Resource[], gpuResource: string): Result[];
}

export function layerStage(items: readonly Item[], config: PrefillOverlay, pipeline: PipelineFilters): LayerStage {
  const { spec } = config;
  const kserve: KServeSettings = { ...KSERVE_DEFAULTS, ...spec.kserve };
  const index = configIndex(items);
  const uses = new Map<string, DeltaUse>();
  const unfit: string[] = [];
  const baseRef = appendBaseRef({
    overlay: spec.overlay,
    kserve,
    lookup: index.lookup,
    used: (use) => {
      const key = `${use.namespace ?? ''}/${use.role}`;
      if (!uses.has(key)) uses.set(key, use);
    },
    unfit: (service, namespace) => unfit.push(namespace ? `${namespace}/${service}` : service),
  });
  const plan: Plan = {
    kserve,
    serviceFilters: [setPrefillParallelism(spec.parallelism, spec.replicas, singlePodFields(releaseOf(kserve.version)), shapeDeciderFor(items, kserve, deltaNames(spec.overlay))), baseRef, ...pipeline.services],
    managed: [],
    missing: [],
    filters: { template: [], dataParallel: [] },
    results: planResults(config, kserve),
  };
  return {
    plan,
    deltas: (patch, indent) => {
      const context: DeltaContext = { config, kserve, index, filters: [...configFilters(spec), ...pipeline.configs] };
      const built = [...uses.values()].map((use) => emitDelta(use, context, patch, indent));
      const stale = staleDeltas(items, spec.overlay, [...uses.values()]);
      const notes = [...unfitNotes(unfit), ...stale, ...(uses.size === 0 && unfit.length === 0 ? [warning('layer mode: no LLMInferenceService with spec.prefill is selected, so no delta config is emitted (check spec.services)')] : [])];
      return {
        emits: [...built.flatMap((d) => d.emits), ...notes.map((r) => ({ index: undefined, outcome: r }))],
        resources: built.flatMap((d) => (d.resource ? [d.resource] : [])),
      };
    },
    check: (services, deltas, gpuResource) => {
      // The deltas as they go out, over the input's configs of the same name.
      const lookup: ConfigLookup = (name, namespace) =>
        deltas.find((r) => obj(r.value.metadata)?.name === name && obj(r.value.metadata)?.namespace === namespace)?.value ?? index.lookup(name, namespace);
      return [...deltas.flatMap((r) => validateSpec(r.value.spec, r.ref)), ...checkLayered(services, lookup, kserve, deltaNames(spec.overlay), gpuResource)];
    },
  };
}

function planResults(config: PrefillOverlay, kserve: KServeSettings): Result[] {
  const { spec } = config;
  const results: Result[] = [];
  const lookalike = wellKnownLookalike(spec.overlay, kserve);
  if (lookalike) results.push(error(lookalike, { field: { path: 'spec.overlay' } }));
  for (const key of ['configs', 'ifMissing'] as const) {
    if (spec[key] !== undefined) results.push(warning(`spec.${key} has no effect in layer mode: the well-known configs are left to KServe's installer`, { field: { path: `spec.${key}` } }));
  }
  return results;
}

/** What every delta of a run is built from. */
interface DeltaContext {
  config: PrefillOverlay;
  kserve: KServeSettings;
  index: ConfigIndex;
  /** The overlay's filters (patch mode's, plan/plan.ts), then the pipeline's. */
  filters: readonly Filter[];
}

/**
 * One delta: built from its skeleton by the overlay's filters; left as it is when the input
 * already has it so (kpt's and kustomize's annotations apart), else added or rebuilt in place.
 */
function emitDelta<O extends Patched>(use: DeltaUse, ctx: DeltaContext, patch: PatchDelta<O>, indent: number): { emits: DeltaEmit<O>[]; resource?: Resource } {
  const { spec } = ctx.config;
  const name = deltaName(spec.overlay, use.role);
  const wellKnown = wellKnownConfig(use.role, ctx.index.lookup, use.namespace, ctx.kserve);
  const existing = ctx.index.itemOf(name, use.namespace);
  const before = existing ? ctx.index.lookup(name, use.namespace) : undefined;
  const skeleton = deltaSkeleton({ name, namespace: use.namespace, servicePath: use.servicePath, toolAnnotations: toolAnnotationsOf(before) }, use.role, wellKnown.spec, spec);
  const chunk: Chunk = { text: indentLines(documentAsItem(skeleton), indent), indent, line: 0 };
  const outcome = patch(chunk, undefined, ctx.filters, use.role);
  if ('severity' in outcome) return { emits: [{ index: undefined, outcome }] };
  const notes = vllmArgsNote(ctx.config, wellKnown.spec, wellKnown.from, outcome.ref);
  if (existing && before && deepEqual(withoutToolAnnotations(before), withoutToolAnnotations(outcome.value))) {
    return { emits: notes, resource: { ref: outcome.ref, value: before } };
  }
  const what = `${existing ? 'rebuilt' : 'added'}: layer-mode delta for ${use.role === 'template' ? 'single-pod' : 'data-parallel'} prefill (${use.service} and any other service of its shape in this namespace)`;
  const changes: Change[] = [{ path: '', description: what }, ...outcome.changes];
  return { emits: [{ index: existing?.index, outcome: { ...outcome, changes, added: existing === undefined } }, ...notes], resource: { ref: outcome.ref, value: outcome.value } };
}

function vllmArgsNote(config: PrefillOverlay, wellKnown: Obj, from: string, ref: ResourceRef | undefined): DeltaEmit<never>[] {
  const args = config.spec.vllmArgs;
  if (args === undefined || args.length === 0) return [];
  const base = wellKnownVllmArgs(wellKnown);
  const over = base ? `appended to the well-known value of ${from} (${base})` : `over ${from}, which sets none`;
  const message =
    `VLLM_ADDITIONAL_ARGS in this delta is the overlay's vllmArgs (${shellJoin(args)}) ${over}: ` +
    "env entries merge by name, so the delta's value replaces the well-known one rather than adding to it";
  return [{ index: undefined, outcome: info(message, ref ? { resourceRef: ref, field: { path: 'spec.prefill.template.containers[name=main].env[name=VLLM_ADDITIONAL_ARGS]' } } : {}) }];
}

function toolAnnotationsOf(resource: Obj | undefined): Record<string, string> {
  const annotations = Object.entries(obj(obj(resource?.metadata)?.annotations) ?? {});
  return Object.fromEntries(annotations.filter(([k, v]) => isToolAnnotation(k) && typeof v === 'string')) as Record<string, string>;
}

/** kpt's and kustomize's bookkeeping annotations, which say nothing about the delta itself. */
function withoutToolAnnotations(resource: Obj): Obj {
  const meta = obj(resource.metadata) ?? {};
  const annotations = Object.fromEntries(Object.entries(obj(meta.annotations) ?? {}).filter(([k]) => !isToolAnnotation(k)));
  const { annotations: _dropped, ...rest } = meta;
  return { ...resource, metadata: Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest };
}

function unfitNotes(services: readonly string[]): Result[] {
  return services.map((s) => warning(`layer mode: ${s} has a prefill worker without data parallelism: no well-known prefill config and no delta fits it, so it is left without one`));
}

/** A delta of this overlay in the input that no selected service uses any more. */
function staleDeltas(items: readonly Item[], overlay: string, uses: readonly DeltaUse[]): Result[] {
  const inUse = new Set(uses.map((u) => `${u.namespace ?? ''}/${deltaName(overlay, u.role)}`));
  return items
    .filter((i) => i.id.kind === CONFIG_KIND && i.id.apiVersion === DELTA_API_VERSION && i.id.name !== undefined && deltaNames(overlay).has(i.id.name))
    .filter((i) => !inUse.has(`${i.id.namespace ?? ''}/${i.id.name ?? ''}`))
    .map((i) => {
      const resourceRef: ResourceRef = { apiVersion: DELTA_API_VERSION, kind: CONFIG_KIND, name: i.id.name ?? '', ...(i.id.namespace ? { namespace: i.id.namespace } : {}) };
      return info(`${i.id.name ?? ''} is no longer used by a selected service: delete it when no other service refers to it`, { resourceRef });
    });
}
