/**
 * Where each declared variable gets its value: first `value`, then the `variablesFrom`
 * ConfigMaps in order, then the environment variable `env`, then `default`. With engine argocd,
 * Argo CD's build environment (ARGOCD_APP_*, ARGOCD_ENV_*, KUBE_*) that is set counts as declared
 * under its own names.
 */
import type { Pipeline } from '../config/types';
import type { ResourceRef } from '../krm/results';
import { substitute, type VariableValues } from './substitute';

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

/** A problem found while filling a resource (ref) or the functionConfig (no ref). */
export interface FillFinding extends VariableProblem {
  ref?: ResourceRef;
}

export interface Resolution extends VariableValues {
  /** The names declared in spec.pipeline.variables (not Argo CD's build environment). */
  declared: ReadonlySet<string>;
  /** Problems found while filling, added to by the fill stages and reported at the end. */
  findings: FillFinding[];
  /** Declared names that the values of other variables refer to (used through them). */
  inValues: ReadonlySet<string>;
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
  const declared = new Set(Object.keys(pipeline?.variables ?? {}));
  const engine = pipeline?.engine ?? 'none';

  const sources = readConfigMaps(pipeline, configMaps, problems);
  problems.push(...escapedUnderArgo(pipeline, env));
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
  const inValues = expandValues(values, unset, deferred, problems);
  return { values, unset, deferred, required, tried, problems, declared, findings: [], inValues };
}

/**
 * Fills references between variables in their values, to a fixed point, so that the output
 * holds no reference to a declared variable and a second run over it changes nothing (Flux
 * pastes a value without reading it again; here a value is data only once it is complete).
 * A cycle, a reference to a deferToFlux variable or a form not filled is a problem.
 */
function expandValues(values: Map<string, string>, unset: ReadonlySet<string>, deferred: ReadonlySet<string>, problems: VariableProblem[]): Set<string> {
  const referenced = new Set<string>();
  const pending = new Set([...values.keys()]);
  for (let round = 0; round <= values.size && pending.size > 0; round++) {
    for (const name of [...pending]) {
      const value = values.get(name) as string;
      const out = substitute(value, { values, unset, deferred }, { template: false, shell: false, suggest: false, noDeferred: `it is in the value of ${name}, which is filled here` });
      for (const used of out.used) referenced.add(used);
      if (out.problems.length > 0) {
        for (const message of out.problems) problems.push({ path: `spec.pipeline.variables.${name}`, severity: 'error', message: `value of ${name}: ${message}` });
        pending.delete(name);
      } else if (out.text === value) {
        pending.delete(name);
      } else {
        values.set(name, out.text);
      }
    }
  }
  for (const name of pending) {
    problems.push({ path: `spec.pipeline.variables.${name}`, severity: 'error', message: `the value of ${name} refers to itself through other variables (${JSON.stringify(values.get(name))}): no fixed point` });
  }
  return referenced;
}

/**
 * Escaped output rendered inside Argo CD (its build environment is set): Argo CD never
 * substitutes, so `$${...}` would reach the cluster and bash as it is (an ApplicationSet over
 * every overlay picks up a Flux overlay too).
 */
function escapedUnderArgo(pipeline: Pipeline | undefined, env: Env): VariableProblem[] {
  if (pipeline?.engine !== 'flux' || pipeline.flux?.substitution !== 'escape' || env.ARGOCD_APP_NAME === undefined) return [];
  return [
    {
      path: 'spec.pipeline.flux.substitution',
      severity: 'error',
      message: `this run is inside Argo CD (ARGOCD_APP_NAME=${env.ARGOCD_APP_NAME} is set), which never substitutes: output escaped for Flux would reach the cluster as $\${...}; deploy this overlay with Flux only (exclude it from the Application or ApplicationSet), or use engine argocd`,
    },
  ];
}

function firstValue(name: string, spec: NonNullable<Pipeline['variables']>[string], sources: { name: string; data: Readonly<Record<string, string>> }[], env: Env, attempts: string[]): string | undefined {
  if (spec.value !== undefined) return spec.value;
  attempts.push('value (not given)');
  for (const cm of sources) {
    if (Object.prototype.hasOwnProperty.call(cm.data, name)) return cm.data[name];
    attempts.push(`ConfigMap ${cm.name} (no key ${name})`);
  }
  if (spec.env !== undefined) {
    // Empty counts as unset, as `${VAR:-default}` does in bash and Flux (Argo CD sets
    // ARGOCD_APP_NAMESPACE="" for an Application without a destination namespace).
    const value = env[spec.env];
    if (value !== undefined && value !== '') return value;
    attempts.push(`environment variable ${spec.env} (${value === undefined ? 'not set' : 'empty'})`);
    if (value === '' && spec.default === undefined) return value;
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
