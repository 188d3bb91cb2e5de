/**
 * Rules across fields that a JSON Schema cannot say: settings that contradict each other. Two
 * settings writing the same env entry would fight on every run (one sets it, the other changes
 * it back), so they are errors rather than an order-dependent outcome.
 */
import type { PrefillOverlaySpec } from './types';

export interface ConfigProblem {
  path: string;
  message: string;
}

/** Env entries other settings own. */
const OWNED_ENV: Record<string, (spec: PrefillOverlaySpec) => string | undefined> = {
  VLLM_ADDITIONAL_ARGS: (s) => (s.vllmArgs !== undefined ? 'spec.vllmArgs' : undefined),
  KSERVE_INFER_ROCE: (s) => (s.roce !== undefined ? 'spec.roce.enabled' : undefined),
  NCCL_IB_GID_INDEX: (s) => (s.roce?.gidIndex !== undefined ? 'spec.roce.gidIndex' : undefined),
  NCCL_SOCKET_IFNAME: (s) => (s.roce?.socketIfname !== undefined ? 'spec.roce.socketIfname' : undefined),
};

export function checkConfig(spec: PrefillOverlaySpec): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, owner] of Object.entries(OWNED_ENV)) {
    const other = owner(spec);
    if (spec.env && Object.prototype.hasOwnProperty.call(spec.env, name) && other) {
      problems.push({ path: `spec.env.${name}`, message: `conflicts with ${other}, which sets ${name}: keep one of them` });
    }
  }
  if (spec.roce && !spec.roce.enabled) {
    for (const key of ['gidIndex', 'socketIfname', 'networks'] as const) {
      if (spec.roce[key] !== undefined) problems.push({ path: `spec.roce.${key}`, message: 'has no effect with roce.enabled: false (remove it, or enable RoCE)' });
    }
  }
  return problems;
}
