/**
 * KServe's v1alpha2 admission rules for `spec` and `spec.prefill`, with KServe's own messages,
 * applied to a service's own spec (as the service webhook does; the config webhook and the
 * controller never run them: ../shared/reference/kserve-releases.md section 2), and by
 * check-output.ts to a config's own spec.prefill. The update-time rule (total size immutable)
 * needs the live object and is not checked here.
 */
import { num, obj } from './merged-view';

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  /** Field path inside the merged spec, e.g. spec.prefill.parallelism. */
  path: string;
  message: string;
  /** Where the value sits in a pod: the finding is reported on the layer (config or service) that sets it. */
  at?: FieldAt;
  /** The set values an admission rule objects to, as paths: the overlay may have written them (overlay-fields.ts). */
  reads?: string[];
}

/** A field of a named entry of a prefill pod's list: spec.prefill.<pod>.<list>[name=<name>].<field...>. */
export interface FieldAt {
  pod: string;
  list: 'containers' | 'volumes';
  name: string;
  field: string[];
}

export function admissionRules(spec: Record<string, unknown>): Finding[] {
  return [...rulesFor(spec, 'spec'), ...(obj(spec.prefill) ? rulesFor(obj(spec.prefill) as Record<string, unknown>, 'spec.prefill') : [])];
}

function rulesFor(workload: Record<string, unknown>, at: string): Finding[] {
  const findings: Finding[] = [];
  const p = obj(workload.parallelism);
  const has = (k: string) => p !== undefined && p[k] !== undefined && p[k] !== null;
  const dataParallel = has('data') || has('dataLocal');
  const pipeline = has('pipeline');
  if (workload.worker !== undefined && workload.worker !== null && !dataParallel && !pipeline) {
    findings.push({ severity: 'error', path: `${at}.parallelism`, message: 'when worker is specified, parallelism must be configured for either data parallelism or pipeline parallelism' });
  }
  const field = (k: string) => `${at}.parallelism.${k}`;
  if (pipeline && dataParallel) {
    const reads = ['pipeline', 'data', 'dataLocal'].filter(has).map(field);
    findings.push({ severity: 'error', path: `${at}.parallelism`, message: 'cannot set both pipeline parallelism and data parallelism (data or dataLocal) simultaneously', reads });
  }
  if (has('data') && !has('dataLocal')) findings.push({ severity: 'error', path: field('dataLocal'), message: 'dataLocal must be set when data is set', reads: [field('data')] });
  if (has('dataLocal') && !has('data')) findings.push({ severity: 'error', path: field('data'), message: 'data must be set when dataLocal is set', reads: [field('dataLocal')] });
  for (const k of ['pipeline', 'data', 'dataLocal'] as const) {
    if (has(k) && num(p?.[k]) <= 0) findings.push({ severity: 'error', path: field(k), message: `${k} must be greater than 0`, reads: [field(k)] });
  }
  if (workload.replicas !== undefined && workload.scaling !== undefined) {
    findings.push({ severity: 'error', path: `${at}.replicas`, message: 'replicas and scaling are mutually exclusive; use scaling for autoscaled deployments or replicas for static deployments', reads: [`${at}.replicas`] });
  }
  return findings;
}
