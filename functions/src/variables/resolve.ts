/**
 * Where each declared variable gets its value: first `value`, then the `variablesFrom`
 * ConfigMaps in order, then the environment variable `env`, then `default`. With engine argocd,
 * Argo CD's build environment (ARGOCD_APP_*, ARGOCD_ENV_*, KUBE_*) that is set counts as declared
 * under its own names.
 */
import type { Pipeline } from '../config/types';
import type { VariableValues } from './substitute';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigMapData {
  data: Readonly<Record<string, string>>;
  localConfig: boolean;
}

export type ConfigMapLookup = (name: string) => ConfigMapData | undefined;

export interface VariableProblem {
  /** functionConfig path the problem is about. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface Resolution extends VariableValues {
  /** For each declared name without a value: the sources tried, for messages. */
  tried: ReadonlyMap<string, string[]>;
  required: ReadonlySet<string>;
  problems: VariableProblem[];
}

/** Argo CD's build environment, as the repo-server and CMP sidecars set it. */
export const ARGOCD_BUILD_ENV = [
  'ARGOCD_APP_NAME',
  'ARGOCD_APP_NAMESPACE',
  'ARGOCD_APP_PROJECT_NAME',
  'ARGOCD_APP_REVISION',
  'ARGOCD_APP_REVISION_SHORT',
  'ARGOCD_APP_REVISION_SHORT_8',
  'ARGOCD_APP_SOURCE_PATH',
  'ARGOCD_APP_SOURCE_REPO_URL',
  'ARGOCD_APP_SOURCE_TARGET_REVISION',
  'KUBE_VERSION',
  'KUBE_API_VERSIONS',
];

export function resolveVariables(pipeline: Pipeline | undefined, env: Env, configMaps: ConfigMapLookup): Resolution {
  const values = new Map<string, string>();
  const unset = new Set<string>();
  const deferred = new Set<string>();
  const required = new Set<string>();
  const tried = new Map<string, string[]>();
  const problems: VariableProblem[] = [];
  const engine = pipeline?.engine ?? 'none';

  const sources = readConfigMaps(pipeline, configMaps, problems);
  if (engine === 'argocd') {
    for (const [name, value] of Object.entries(env)) {
      if (value !== undefined && (ARGOCD_BUILD_ENV.includes(name) || name.startsWith('ARGOCD_ENV_'))) values.set(name, value);
    }
  }
  for (const [name, spec] of Object.entries(pipeline?.variables ?? {})) {
    const path = `spec.pipeline.variables.${name}`;
    if (spec.deferToFlux) {
      if (engine !== 'flux') problems.push({ path: `${path}.deferToFlux`, severity: 'error', message: 'deferToFlux needs pipeline.engine: flux (nothing else substitutes it later)' });
      if (spec.value !== undefined || spec.env !== undefined) problems.push({ path, severity: 'error', message: 'deferToFlux leaves the variable to Flux: it cannot have a value or env too' });
      deferred.add(name);
      unset.add(name);
      continue;
    }
    if (spec.required) required.add(name);
    const attempts: string[] = [];
    const value = firstValue(name, spec, sources, env, attempts);
    if (value === undefined) {
      unset.add(name);
      tried.set(name, attempts);
    } else values.set(name, value);
  }
  return { values, unset, deferred, required, tried, problems };
}

function firstValue(name: string, spec: NonNullable<Pipeline['variables']>[string], sources: { name: string; data: Readonly<Record<string, string>> }[], env: Env, attempts: string[]): string | undefined {
  if (spec.value !== undefined) return spec.value;
  attempts.push('value (not given)');
  for (const cm of sources) {
    if (Object.prototype.hasOwnProperty.call(cm.data, name)) return cm.data[name];
    attempts.push(`ConfigMap ${cm.name} (no key ${name})`);
  }
  if (spec.env !== undefined) {
    const value = env[spec.env];
    if (value !== undefined) return value;
    attempts.push(`environment variable ${spec.env} (not set)`);
  }
  if (spec.default !== undefined) return spec.default;
  attempts.push('default (not given)');
  return undefined;
}

function readConfigMaps(pipeline: Pipeline | undefined, lookup: ConfigMapLookup, problems: VariableProblem[]): { name: string; data: Readonly<Record<string, string>> }[] {
  const found: { name: string; data: Readonly<Record<string, string>> }[] = [];
  (pipeline?.variablesFrom ?? []).forEach((from, i) => {
    const cm = lookup(from.configMap);
    const path = `spec.pipeline.variablesFrom[${i}].configMap`;
    if (!cm) {
      if (!from.optional) problems.push({ path, severity: 'error', message: `ConfigMap ${from.configMap} is not in the input (add it, or set optional: true)` });
      return;
    }
    if (!cm.localConfig) {
      problems.push({ path, severity: 'warning', message: `ConfigMap ${from.configMap} is not marked config.kubernetes.io/local-config: "true", so it is deployed too` });
    }
    found.push({ name: from.configMap, data: cm.data });
  });
  return found;
}
