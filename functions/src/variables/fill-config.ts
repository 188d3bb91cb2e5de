/**
 * Fills declared variables into the functionConfig's string values — every one except those of
 * `spec.pipeline`, which declares them — and notes where each variable was used. Every value
 * ends up in a managed config, which KServe executes as a Go template; `spec.env` values and
 * `spec.vllmArgs` become container env values, which the kubelet expands; `spec.env` entries
 * named in shell-text.ts are shell text too, and `spec.vllmArgs` become shell words.
 */
import type { PrefillOverlay } from '../config/types';
import type { Resolution } from './resolve';
import { isShellTextEnv } from './shell-text';
import { substitute, type Landing } from './substitute';

/** Variable name -> places it is used ("functionConfig spec.image", "Kind/ns/name field"). */
export type Usage = Map<string, string[]>;

export function noteUse(usage: Usage, name: string, where: string): void {
  const places = usage.get(name) ?? [];
  if (!places.includes(where)) places.push(where);
  usage.set(name, places);
}

/** Problems go to `vars.findings` (reported with the other variable results). */
export function fillConfig(config: PrefillOverlay, vars: Resolution): { config: PrefillOverlay; usage: Usage } {
  const usage: Usage = new Map();
  const fill = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const out = substitute(value, vars, configLanding(path));
      for (const name of out.used) noteUse(usage, name, `functionConfig ${path}`);
      for (const message of out.problems) vars.findings.push({ path, severity: 'error', message });
      return out.text;
    }
    if (Array.isArray(value)) return value.map((v, i) => fill(v, `${path}[${i}]`));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) out[k] = path === 'spec' && k === 'pipeline' ? v : fill(v, `${path}.${k}`);
      return out;
    }
    return value;
  };
  const spec = fill(config.spec, 'spec') as PrefillOverlay['spec'];
  return { config: { ...config, spec }, usage };
}

const SHELL_WORD = 'it is in spec.vllmArgs, whose words KServe\'s script evals';

/** Where a functionConfig value lands. */
export function configLanding(path: string): Landing {
  // spec.env values and vllmArgs become container env values: the kubelet expands them.
  const env = /^spec\.env\.([^.]+)(\.value)?$/.exec(path);
  if (env && isShellTextEnv(env[1] as string)) return { template: true, kubelet: true, shell: true, suggest: false, noDeferred: `${env[1]} is shell text that KServe's script evals` };
  if (env) return { template: true, kubelet: true, shell: false, suggest: true };
  // vllmArgs are quoted word by word when appended (append-vllm-args.ts): not shell text here.
  if (/^spec\.vllmArgs\[\d+\]$/.test(path)) return { template: true, kubelet: true, shell: false, suggest: true, noDeferred: SHELL_WORD };
  return { template: true, shell: false, suggest: true };
}
