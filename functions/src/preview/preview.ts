/**
 * What each LLMInferenceService's prefill will run: the config KServe picks for its shape,
 * rendered with KServe's template semantics (gotemplate/) and the declared release's functions
 * and .GlobalConfig, merged with the service's own spec, and per pod role the config and release
 * used, the image, GPUs and the `vllm serve` command line.
 */
import { formatTemplateError, renderAsKServe, templateDataFromService } from '../gotemplate';
import { CONFIG_SUFFIX, KSERVE_DEFAULTS } from '../plan/managed';
import { releaseConfig, releaseConfigFile } from '../plan/release-configs';
import { DEFAULT_RELEASE, releaseOf, type Release } from '../kserve/releases';
import { renderedParallelism } from '../validate/check-output';
import { gpuMath, prefillPods } from '../validate/gpu-math';
import { mergeSpecs, num, obj, prefillConfigFor } from '../validate/merged-view';
import { parse } from 'yaml';
import type { ConfigRole } from '../config/types';
import { containerVllmLine } from './vllm-command';
import { layeredConfigFor } from '../layer/preview-layers';
import { kubeletExpand } from '../variables/kubelet';

type Obj = Record<string, unknown>;

const ROLE_NAMES: Record<ConfigRole, Record<string, string>> = {
  template: { template: 'prefill' },
  dataParallel: { template: 'prefill leader', worker: 'prefill worker' },
};

/** A built-in sample service, for a preview of configs alone. */
export const SAMPLE_SERVICE: Obj = {
  apiVersion: 'serving.kserve.io/v1alpha2',
  kind: 'LLMInferenceService',
  metadata: { name: 'sample', namespace: 'default' },
  spec: {
    model: { uri: 'hf://org/model', name: 'org/model' },
    prefill: { replicas: 1, parallelism: { data: 16, dataLocal: 8, tensor: 1, expert: true }, template: { containers: [{ name: 'main' }] }, worker: { containers: [{ name: 'main' }] } },
  },
};

export interface PreviewOptions {
  gpuResource?: string;
  /** The controller's enableLLMInferenceServiceTLS (default off, as KServe ships). */
  tls?: boolean;
  release?: Release;
  /** Where the release came from, for the assumptions ("spec.kserve.version", "--kserve-version", "the default"). */
  releaseFrom?: string;
}

export function preview(resources: readonly Obj[], options: PreviewOptions = {}): string {
  const release = options.release ?? releaseOf(DEFAULT_RELEASE);
  const opts = { gpuResource: options.gpuResource ?? 'nvidia.com/gpu', tls: options.tls ?? false, release };
  const services = resources.filter((r) => r.kind === 'LLMInferenceService' && obj(obj(r.spec)?.prefill));
  const configs = resources.filter((r) => r.kind === 'LLMInferenceServiceConfig');
  const shown = services.length > 0 ? services : [SAMPLE_SERVICE];
  const lines: string[] = [...assumptions(opts, options.releaseFrom ?? 'the default'), ''];
  if (services.length === 0) lines.push('(no LLMInferenceService with spec.prefill in the input: the built-in sample service is shown)', '');
  for (const service of shown) lines.push(...previewService(service, configs, opts), '');
  return lines.join('\n');
}

function assumptions(opts: { tls: boolean; release: Release }, from: string): string[] {
  const tls = opts.release.globalConfigFields.includes('EnableTLS')
    ? `TLS ${opts.tls ? 'on' : 'off'} (.GlobalConfig.EnableTLS, the controller's enableLLMInferenceServiceTLS; KServe's default is off; --tls on|off)`
    : `TLS: KServe ${opts.release.name} has no TLS setting (.GlobalConfig.EnableTLS exists from v0.18.0); its scripts emit no ssl flag`;
  return [
    'assumptions:',
    `  KServe ${opts.release.name} (${from}): its template functions, .GlobalConfig fields and, for configs not in the input, its prefill configs`,
    `  ${tls}`,
    '  spec.baseRefs are merged in order from the input (one not in the input is left out, and the service line says so); shell variables (${VLLM_ADDITIONAL_ARGS}, ${ACCESS_LOG_ARGS}, ${START_RANK}, ...) are set on the pod and shown as written',
  ];
}

function previewService(service: Obj, configs: readonly Obj[], opts: { gpuResource: string; tls: boolean; release: Release }): string[] {
  const meta = obj(service.metadata) ?? {};
  const spec = obj(service.spec) ?? {};
  const head = `LLMInferenceService ${[meta.namespace, meta.name].filter(Boolean).join('/')}  model ${String(obj(spec.model)?.name ?? '?')}`;
  // With spec.baseRefs: KServe's layered view (well-known config, then each baseRef in order).
  const layered = layeredConfigFor(service, configs);
  const role = layered ? layered.role : prefillConfigFor(spec);
  if (!role) return [head, '  no well-known prefill config applies: spec.prefill has a worker but no data parallelism'];
  const { config, from } = layered ?? configFor(role, configs, opts.release);
  const { release } = opts;
  const data = templateDataFromService(service, { ...SAMPLE_GLOBAL, EnableTLS: opts.tls });
  const rendered = renderAsKServe(obj(config.spec) ?? {}, data, undefined, { kserveFunctions: release.functions, globalConfigFields: release.globalConfigFields });
  if (!rendered.ok) return [head, `  ${from}: KServe ${release.name} would fail to render it: ${formatTemplateError(rendered.error, String(obj(config.metadata)?.name ?? 'config'))}`];
  const merged = mergeSpecs(obj(rendered.value) ?? {}, spec);
  const prefill = obj(merged.prefill) ?? {};
  const p = obj(prefill.parallelism) ?? {};
  const pods = role === 'dataParallel' ? Math.max(1, Math.floor(num(p.data) / Math.max(1, num(p.dataLocal)))) : 1;
  const vllm = renderedParallelism(spec, role, release);
  const lines = [
    head,
    `  prefill config: ${from}, for KServe ${release.name}`,
    `  replicas ${String(prefill.replicas ?? 1)} × ${pods} pod(s) per replica${role === 'dataParallel' ? ` (data ${num(p.data)} / dataLocal ${num(p.dataLocal)})` : ' (single-pod: no worker)'}, tensor ${vllm?.tensor ?? 1}`,
  ];
  for (const pod of prefillPods(merged)) {
    lines.push(...previewPod(pod.spec, ROLE_NAMES[role][pod.role] ?? pod.role, opts.gpuResource));
    lines.push(`    config ${from.split(' ')[0]} spec.prefill.${pod.role}, KServe ${release.name}`);
  }
  for (const f of gpuMath(merged, opts.gpuResource, { singlePod: role === 'template', vllm }).filter((x) => x.severity !== 'info')) lines.push(`  ${f.severity}: ${f.message}`);
  return lines;
}

/** The global config of a default KServe install (what the controller sets without configuration). */
const SAMPLE_GLOBAL = { SystemNamespace: 'kserve', IngressGatewayName: 'kserve-ingress-gateway', IngressGatewayNamespace: 'kserve', ModelBasedRoutingHeaderName: '', InferencePoolNamespacedName: '' };

function previewPod(pod: Obj, label: string, gpuResource: string): string[] {
  const main = (Array.isArray(pod.containers) ? pod.containers : []).map(obj).find((c) => c?.name === 'main') ?? {};
  const limits = obj(obj(main.resources)?.limits) ?? {};
  const env = (Array.isArray(main.env) ? main.env : []).map(obj);
  const extra = env.find((e) => e?.name === 'VLLM_ADDITIONAL_ARGS');
  const found = containerVllmLine(main);
  const lines = [`  [${label}] image ${String(main.image ?? '?')}, GPUs per pod ${String(limits[gpuResource] ?? 0)}`];
  lines.push(`    ${found ? found.line : '(no vllm serve in the command or args)'}`);
  if (found) lines.push(`    (${SHAPES[found.shape]})`);
  if (extra?.value !== undefined) lines.push(`    VLLM_ADDITIONAL_ARGS=${kubeletExpand(String(extra.value), envBefore(env, extra))}${found && found.shape === 'list' ? ' (not read: the command is a plain list, no shell)' : ''}`);
  return lines;
}

/** The plain values of the env entries before `entry`, as the kubelet expands `entry` with. */
function envBefore(env: readonly (Obj | undefined)[], entry: Obj): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const e of env.slice(0, env.indexOf(entry))) if (e && typeof e.name === 'string' && typeof e.value === 'string') vars[e.name] = kubeletExpand(e.value, vars);
  return vars;
}

const SHAPES: Record<string, string> = {
  list: 'a plain command list: Kubernetes runs it as written, args appended',
  script: 'run by the shell script in the command',
  exec: 'exec in the shell script of the command',
  eval: 'eval in the shell script of the command: the shell expands the variables',
};

function configFor(role: ConfigRole, configs: readonly Obj[], release: Release): { config: Obj; from: string } {
  const found = configs.find((c) => String(obj(c.metadata)?.name ?? '').endsWith(CONFIG_SUFFIX[role]));
  if (found) return { config: found, from: `${String(obj(found.metadata)?.name)} (in the previewed resources)` };
  const text = releaseConfig(release.files, role) ?? '';
  return { config: parse(text) as Obj, from: `${KSERVE_DEFAULTS.configPrefix}${CONFIG_SUFFIX[role]} (not in the input: the embedded ${releaseConfigFile(release.files, role)})` };
}
