/**
 * Stage "read config": the functionConfig (PrefillOverlay, or a ConfigMap with flat keys) ->
 * a validated, typed PrefillOverlay, or error results that name the field.
 */
import validate from '../generated/prefill-overlay.validate';
import { error, type ResourceRef, type Result } from '../krm/results';
import { fillConfig, type Usage } from '../variables/fill-config';
import { resolveVariables, type ConfigMapLookup, type Env, type Resolution } from '../variables/resolve';
import { checkConfig } from './check-config';
import { closest, fieldErrors } from './field-errors';
import { nonPlainValue } from './non-plain';
import { FLAT_KEYS, PREFIXES, specFromFlat } from './flat-keys';
import { sortedKeys } from './canonical-order';
import { API_VERSION, KIND, type PrefillOverlay } from './types';

export type ConfigOutcome =
  | { config: PrefillOverlay; ref: ResourceRef; variables: Resolution; usage: Usage; results?: undefined }
  | { results: Result[]; config?: undefined };

/** What the config's variables may read: the process environment and ConfigMaps of the input. */
export interface ConfigContext {
  env: Env;
  configMaps: ConfigMapLookup;
}

const NO_CONTEXT: ConfigContext = { env: {}, configMaps: () => undefined };

type Obj = Record<string, unknown>;

export function readConfig(functionConfig: unknown, context: ConfigContext = NO_CONTEXT): ConfigOutcome {
  if (functionConfig === undefined || functionConfig === null) {
    return fail(`no functionConfig: give a ${KIND} (apiVersion ${API_VERSION}) with at least spec.overlay, or a ConfigMap with data.overlay (see --help)`);
  }
  if (!isObject(functionConfig)) return fail('functionConfig must be a mapping');
  const { apiVersion, kind } = functionConfig;
  const ref: ResourceRef = {
    apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
    kind: typeof kind === 'string' ? kind : '',
    name: nameOf(functionConfig),
  };
  const odd = nonPlainValue(functionConfig);
  if (odd) return fail(odd.message, ref, odd.path);
  if (kind === 'ConfigMap') return fromConfigMap(functionConfig, ref, context);
  if (kind !== KIND) {
    return fail(`functionConfig kind "${String(kind)}" is not supported: expected ${KIND} (apiVersion ${API_VERSION}) or ConfigMap`, ref, 'kind');
  }
  return checked(functionConfig, ref, (path) => path, context);
}

function fromConfigMap(cm: Obj, ref: ResourceRef, context: ConfigContext): ConfigOutcome {
  const data = isObject(cm.data) ? cm.data : {};
  const flat = specFromFlat(data);
  if (flat.problems.length > 0) {
    const known = [...Object.keys(FLAT_KEYS), ...Object.keys(PREFIXES).map((p) => `${p}<NAME>`)];
    return {
      results: flat.problems.map((p) => {
        const guess = p.message.startsWith('unknown key') ? closest(p.key, known) : undefined;
        const hint = guess ? ` (did you mean "${guess}"?)` : p.message.startsWith('unknown key') ? ` (known keys: ${known.join(', ')})` : '';
        return located(`${p.message}${hint}`, ref, `data.${p.key}`);
      }),
    };
  }
  const candidate = { apiVersion: API_VERSION, kind: KIND, metadata: { name: ref.name }, spec: flat.spec };
  return checked(
    candidate,
    ref,
    (path) => {
      const key = flat.origin.get(path);
      if (key) return `data.${key}`;
      return path.startsWith('spec.') ? `data.${path.slice(5)}` : path;
    },
    context,
  );
}

/**
 * Schema validation, then variables: resolved from the validated `spec.pipeline`, filled into the
 * other string values, and the result validated again (a filled value must still be valid).
 * `where` maps a PrefillOverlay path to the path the user wrote.
 */
function checked(candidate: unknown, ref: ResourceRef, where: (path: string) => string, context: ConfigContext): ConfigOutcome {
  const invalid = schemaErrors(candidate, ref, where);
  if (invalid) return { results: invalid };
  const raw = candidate as PrefillOverlay;
  const variables = resolveVariables(raw.spec.pipeline, context.env, context.configMaps);
  const filled = fillConfig(raw, variables);
  const stillInvalid = schemaErrors(filled.config, ref, where);
  if (stillInvalid) return { results: stillInvalid.map((r) => ({ ...r, message: `${r.message} (after filling variables)` })) };
  const problems = checkConfig(filled.config.spec);
  if (problems.length > 0) return { results: problems.map((p) => located(p.message, ref, where(p.path))) };
  // One order under every engine (canonical-order.ts): kustomize sorts the keys, kpt does not.
  return { config: { ...filled.config, spec: sortedKeys(filled.config.spec) }, ref, variables, usage: filled.usage };
}

function schemaErrors(candidate: unknown, ref: ResourceRef, where: (path: string) => string): Result[] | undefined {
  if (validate(candidate)) return undefined;
  return fieldErrors(validate.errors ?? []).map((fe) => located(fe.message, ref, where(fe.path)));
}

function fail(message: string, ref?: ResourceRef, path?: string): ConfigOutcome {
  return { results: [ref ? located(message, ref, path) : error(message)] };
}

/**
 * An error result at a field of the functionConfig. kpt requires a name in a resourceRef and a
 * resourceRef beside a field, so for a functionConfig without kind or name the path goes into the
 * message instead.
 */
function located(message: string, ref: ResourceRef, path?: string): Result {
  if (!ref.kind || !ref.name) return error(path ? `functionConfig ${path}: ${message}` : message);
  return error(message, path ? { resourceRef: ref, field: { path } } : { resourceRef: ref });
}

function nameOf(obj: Obj): string {
  const md = obj.metadata;
  return isObject(md) && typeof md.name === 'string' ? md.name : '';
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
