/**
 * What each LLMInferenceService's prefill will run: the config KServe picks for it, rendered with
 * KServe's template semantics (gotemplate/), merged with the service's own spec, and per pod role
 * the image, GPUs and the `vllm serve` command line.
 */
import { formatTemplateError, renderAsKServe, templateDataFromService } from '../gotemplate';
import { CONFIG_SUFFIX } from '../plan/managed';
import { BASE_CONFIGS } from '../plan/base-configs';
import { gpuMath, prefillPods } from '../validate/gpu-math';
import { mergeSpecs, num, obj, prefillConfigFor } from '../validate/merged-view';
import { parse } from 'yaml';
import type { ConfigRole } from '../config/types';
import { vllmCommand } from './vllm-command';
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

export function preview(resources: readonly Obj[], gpuResource = 'nvidia.com/gpu'): string {
  const services = resources.filter((r) => r.kind === 'LLMInferenceService' && obj(obj(r.spec)?.prefill));
  const configs = resources.filter((r) => r.kind === 'LLMInferenceServiceConfig');
  const shown = services.length > 0 ? services : [SAMPLE_SERVICE];
  const lines: string[] = [];
  if (services.length === 0) lines.push('(no LLMInferenceService with spec.prefill in the input: the built-in sample service is shown)', '');
  for (const service of shown) lines.push(...previewService(service, configs, gpuResource), '');
  return lines.join('\n');
}

function previewService(service: Obj, configs: readonly Obj[], gpuResource: string): string[] {
  const meta = obj(service.metadata) ?? {};
  const spec = obj(service.spec) ?? {};
  const head = `LLMInferenceService ${[meta.namespace, meta.name].filter(Boolean).join('/')}  model ${String(obj(spec.model)?.name ?? '?')}`;
  const role = prefillConfigFor(spec);
  if (!role) return [head, '  no well-known prefill config applies: spec.prefill has a worker but no data parallelism'];
  const { config, from } = configFor(role, configs);
  const rendered = renderAsKServe(obj(config.spec) ?? {}, templateDataFromService(service));
  if (!rendered.ok) return [head, `  ${from}: KServe would fail to render it: ${formatTemplateError(rendered.error, String(obj(config.metadata)?.name ?? 'config'))}`];
  const merged = mergeSpecs(obj(rendered.value) ?? {}, spec);
  const prefill = obj(merged.prefill) ?? {};
  const p = obj(prefill.parallelism) ?? {};
  const pods = role === 'dataParallel' ? Math.max(1, Math.floor(num(p.data) / Math.max(1, num(p.dataLocal)))) : 1;
  const lines = [head, `  prefill config: ${from}`, `  replicas ${String(prefill.replicas ?? 1)} × ${pods} pod(s) per replica${role === 'dataParallel' ? ` (data ${num(p.data)} / dataLocal ${num(p.dataLocal)})` : ''}, tensor ${num(p.tensor) || 1}`];
  for (const pod of prefillPods(merged)) lines.push(...previewPod(pod.spec, ROLE_NAMES[role][pod.role] ?? pod.role, gpuResource));
  for (const f of gpuMath(merged, gpuResource).filter((x) => x.severity !== 'info')) lines.push(`  ${f.severity}: ${f.message}`);
  return lines;
}

function previewPod(pod: Obj, label: string, gpuResource: string): string[] {
  const main = (Array.isArray(pod.containers) ? pod.containers : []).map(obj).find((c) => c?.name === 'main') ?? {};
  const limits = obj(obj(main.resources)?.limits) ?? {};
  const command = Array.isArray(main.command) ? main.command.map(String) : [];
  const script = command.find((c) => c.includes('vllm serve')) ?? '';
  const env = (Array.isArray(main.env) ? main.env : []).map(obj);
  const extra = env.find((e) => e?.name === 'VLLM_ADDITIONAL_ARGS');
  const lines = [`  [${label}] image ${String(main.image ?? '?')}, GPUs per pod ${String(limits[gpuResource] ?? 0)}`];
  lines.push(`    ${vllmCommand(script) ?? '(no vllm serve in the command)'}`);
  // As the container sees it: after the kubelet's expansion ($$ is $) of the entries before it.
  if (extra?.value !== undefined) lines.push(`    VLLM_ADDITIONAL_ARGS=${kubeletExpand(String(extra.value), envBefore(env, extra))}`);
  return lines;
}

/** The plain values of the env entries before `entry`, as the kubelet expands `entry` with. */
function envBefore(env: readonly (Obj | undefined)[], entry: Obj): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const e of env.slice(0, env.indexOf(entry))) if (e && typeof e.name === 'string' && typeof e.value === 'string') vars[e.name] = kubeletExpand(e.value, vars);
  return vars;
}

function configFor(role: ConfigRole, configs: readonly Obj[]): { config: Obj; from: string } {
  const found = configs.find((c) => String(obj(c.metadata)?.name ?? '').endsWith(CONFIG_SUFFIX[role]));
  if (found) return { config: found, from: String(obj(found.metadata)?.name) };
  return { config: parse(BASE_CONFIGS[role]) as Obj, from: `the embedded base ${CONFIG_SUFFIX[role]} (not in the input)` };
}
