/**
 * Stage "effects": overlay settings that will not reach vLLM, each reported with the overlay
 * field, what wins instead and what to do.
 * - vllmArgs / roce on a pod whose command never reads VLLM_ADDITIONAL_ARGS / KSERVE_INFER_ROCE
 *   (KServe v0.17's template config is a plain `vllm serve` list, no shell);
 * - a value the service's own spec, or a `baseRefs` config of the input, sets too: KServe merges
 *   the well-known config first, then the baseRefs in order, then the service, and later layers
 *   win (env by name, resources by key, VLLM_ADDITIONAL_ARGS as a whole).
 */
import type { ConfigRole, EnvValue, PrefillOverlaySpec, RequestsLimits } from '../config/types';
import { error, warning, type ResourceRef, type Result } from '../krm/results';
import type { BaseRefs } from './base-refs';
import { commandReading } from '../kserve/command-reads';
import type { Release } from '../kserve/releases';
import type { Resource } from './check-output';
import { mergeSpecs, obj, prefillConfigFor } from './merged-view';
import { parseQuantity } from './quantity';

type Obj = Record<string, unknown>;

export interface EffectInputs {
  spec: PrefillOverlaySpec;
  release: Release;
  configs: ReadonlyMap<ConfigRole, Resource>;
  services: readonly Resource[];
  /** The services' baseRefs configs, found where KServe looks (validate/base-refs.ts). */
  baseRefs: BaseRefs;
}

export function settingEffects(inputs: EffectInputs): Result[] {
  return [...[...inputs.configs].flatMap(([role, c]) => unreadSettings(inputs, role, c)), ...inputs.services.flatMap((s) => shadowed(inputs, s))];
}

const POD_ROLES = ['template', 'worker'] as const;

function mainOf(resource: Resource, pod: string): { main: Obj; index: number } | undefined {
  const containers = obj(obj(obj(resource.value.spec)?.prefill)?.[pod])?.containers;
  if (!Array.isArray(containers)) return undefined;
  const index = containers.findIndex((c) => obj(c)?.name === 'main');
  return index < 0 ? undefined : { main: obj(containers[index]) as Obj, index };
}

const refOpt = (ref: ResourceRef | undefined) => (ref ? { resourceRef: ref } : {});

/** vllmArgs and RoCE on a pod whose command does not read them. */
function unreadSettings({ spec, release }: EffectInputs, role: ConfigRole, config: Resource): Result[] {
  const results: Result[] = [];
  for (const pod of POD_ROLES) {
    const found = mainOf(config, pod);
    if (!found) continue;
    const reading = commandReading(found.main);
    if (reading.shell === undefined) continue;
    const at = `spec.prefill.${pod}.containers[${found.index}].command`;
    const shape = reading.shell ? 'its script never expands it' : `it is a plain \`${reading.words.slice(0, 2).join(' ')}\` list without a shell${release.pods[role][pod]?.shell === false ? ` (the shape of KServe ${release.name}'s ${role} config)` : ''}`;
    if (spec.vllmArgs !== undefined && !reading.reads('VLLM_ADDITIONAL_ARGS')) {
      results.push(
        error(
          `spec.vllmArgs has no effect in this config's ${pod} pod: its command never reads VLLM_ADDITIONAL_ARGS (${shape}), so vLLM would not get ${spec.vllmArgs.join(' ')}. ` +
            "Pass them as the services' container args (spec.prefill.template.containers[main].args, which Kubernetes appends to the command), or leave this config out of the overlay (spec.configs)",
          { ...refOpt(config.ref), field: { path: at } },
        ),
      );
    }
    if (spec.roce?.enabled && !reading.reads('KSERVE_INFER_ROCE')) {
      results.push(
        warning(
          `spec.roce.enabled sets KSERVE_INFER_ROCE=true, but this config's ${pod} pod never reads it (${shape}): no RoCE inference runs, so NCCL_IB_HCA, NVSHMEM_HCA_LIST and UCX_NET_DEVICES stay unset ` +
            '(NCCL_IB_GID_INDEX and NCCL_SOCKET_IFNAME still reach NCCL). Set them with spec.env, or leave this config out of the overlay (spec.configs)',
          { ...refOpt(config.ref), field: { path: at } },
        ),
      );
    }
  }
  return results;
}

/** One overlay value a later layer may shadow: where it sits in container main, the overlay field, and the overlay's value. */
interface Setting {
  kind: 'env' | 'resource';
  /** env name, or resource name (nvidia.com/gpu) */
  name: string;
  field: string;
  /** The overlay's value, per requests/limits for a resource; undefined: any value of the later layer wins (VLLM_ADDITIONAL_ARGS). */
  value?: EnvValue | { requests?: number; limits?: number };
}

function overlaySettings(spec: PrefillOverlaySpec): Setting[] {
  const out: Setting[] = [];
  for (const [name, value] of Object.entries(spec.env ?? {})) out.push({ kind: 'env', name, field: `spec.env.${name}`, value });
  if (spec.vllmArgs !== undefined) out.push({ kind: 'env', name: 'VLLM_ADDITIONAL_ARGS', field: 'spec.vllmArgs' });
  if (spec.roce) {
    out.push({ kind: 'env', name: 'KSERVE_INFER_ROCE', field: 'spec.roce.enabled', value: String(spec.roce.enabled) });
    if (spec.roce.enabled && spec.roce.gidIndex !== undefined) out.push({ kind: 'env', name: 'NCCL_IB_GID_INDEX', field: 'spec.roce.gidIndex', value: String(spec.roce.gidIndex) });
    if (spec.roce.enabled && spec.roce.socketIfname !== undefined) out.push({ kind: 'env', name: 'NCCL_SOCKET_IFNAME', field: 'spec.roce.socketIfname', value: spec.roce.socketIfname });
  }
  const r = spec.resources;
  if (r?.gpus !== undefined) out.push({ kind: 'resource', name: r.gpuResource ?? 'nvidia.com/gpu', field: 'spec.resources.gpus', value: { requests: r.gpus, limits: r.gpus } });
  const rl = (name: string, field: string, v: RequestsLimits | undefined) => {
    if (v === undefined) return;
    const both = typeof v === 'object' ? v : { requests: v, limits: v };
    out.push({ kind: 'resource', name, field, value: { requests: parseQuantity(both.requests), limits: parseQuantity(both.limits) } });
  };
  rl('cpu', 'spec.resources.cpu', r?.cpu);
  rl('memory', 'spec.resources.memory', r?.memory);
  rl('ephemeral-storage', 'spec.resources.ephemeralStorage', r?.ephemeralStorage);
  if (r?.rdma) rl(r.rdma.resource, 'spec.resources.rdma.count', r.rdma.count ?? 1);
  return out;
}

/** Overlay values that a service's baseRefs configs or its own spec override, reported on the layer that wins. */
function shadowed(inputs: EffectInputs, service: Resource): Result[] {
  const spec = obj(service.value.spec) ?? {};
  const refs = inputs.baseRefs(service).found;
  const role = prefillConfigFor(mergeSpecs(...refs.map((r) => obj(r.value.spec) ?? {}), spec));
  if (!role || !inputs.configs.has(role)) return [];
  const settings = overlaySettings(inputs.spec);
  if (settings.length === 0) return [];
  const layers = [...refs, service];
  const results: Result[] = [];
  for (const pod of POD_ROLES) {
    for (const s of settings) {
      const winner = [...layers].reverse().map((layer) => ({ layer, hit: lookup(layer, pod, s) })).find((x) => x.hit !== undefined);
      if (!winner?.hit || !differs(s, winner.hit.value)) continue;
      results.push(warning(shadowMessage(s, winner.layer === service, winner.hit.shown, service), { ...refOpt(winner.layer.ref), field: { path: winner.hit.path } }));
    }
  }
  return results;
}

interface Hit {
  path: string;
  value: unknown;
  shown: string;
}

/** The layer's own value of a setting in its pod's container main, with its path there. */
function lookup(layer: Resource, pod: string, s: Setting): Hit | undefined {
  const found = mainOf(layer, pod);
  if (!found) return undefined;
  const base = `spec.prefill.${pod}.containers[${found.index}]`;
  if (s.kind === 'env') {
    const env = Array.isArray(found.main.env) ? found.main.env : [];
    const i = env.findIndex((e) => obj(e)?.name === s.name);
    if (i < 0) return undefined;
    const e = obj(env[i]) ?? {};
    const value = e.valueFrom !== undefined ? { valueFrom: e.valueFrom } : e.value;
    return { path: `${base}.env[${i}]`, value, shown: e.valueFrom !== undefined ? 'valueFrom' : JSON.stringify(String(e.value ?? '')) };
  }
  const res = obj(found.main.resources) ?? {};
  const requests = obj(res.requests)?.[s.name];
  const limits = obj(res.limits)?.[s.name];
  if (requests === undefined && limits === undefined) return undefined;
  const kind = limits !== undefined ? 'limits' : 'requests';
  return { path: `${base}.resources.${kind}.${s.name}`, value: { requests: parseQuantity(requests), limits: parseQuantity(limits) }, shown: String(limits ?? requests) };
}

function differs(s: Setting, theirs: unknown): boolean {
  if (s.value === undefined) return true;
  // An env value written as a YAML number or bool is the same string to the container.
  if (s.kind === 'env') return JSON.stringify(s.value) !== JSON.stringify(typeof theirs === 'number' || typeof theirs === 'boolean' ? String(theirs) : theirs);
  const mine = s.value as { requests?: number; limits?: number };
  const other = (obj(theirs) ?? {}) as { requests?: number; limits?: number };
  const wins = (k: 'requests' | 'limits') => mine[k] !== undefined && other[k] !== undefined && other[k] !== mine[k];
  return wins('requests') || wins('limits');
}

function shadowMessage(s: Setting, byService: boolean, shown: string, service: Resource): string {
  const meta = obj(service.value.metadata) ?? {};
  const svc = [meta.namespace, meta.name].filter(Boolean).join('/');
  const who = byService ? "the service's own" : `this config's (a baseRef of LLMInferenceService ${svc})`;
  const what = `${s.name} (${shown})`;
  const order = byService ? 'KServe merges the service last, so its value wins' : 'KServe merges baseRefs after the well-known config, so this value wins';
  const fix = byService ? 'remove it from the service to get the overlay\'s value, or change it here' : 'remove it from this config, or change it here';
  const reach = s.field === 'spec.vllmArgs' ? ': vLLM gets this VLLM_ADDITIONAL_ARGS, not the overlay\'s vllmArgs' : '';
  return `${who} ${what} wins over the PrefillOverlay's ${s.field} (${order})${reach}; ${fix}`;
}

