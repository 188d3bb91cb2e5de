/**
 * Stage "read config": the functionConfig (PrefillOverlay, or a ConfigMap with flat keys) ->
 * a validated, typed PrefillOverlay, or error results that name the field.
 */
import validate from '../generated/prefill-overlay.validate';
import { error, type ResourceRef, type Result } from '../krm/results';
import { checkConfig } from './check-config';
import { closest, fieldErrors } from './field-errors';
import { FLAT_KEYS, PREFIXES, specFromFlat } from './flat-keys';
import { API_VERSION, KIND, type PrefillOverlay } from './types';

export type ConfigOutcome = { config: PrefillOverlay; ref: ResourceRef; results?: undefined } | { results: Result[]; config?: undefined };

type Obj = Record<string, unknown>;

export function readConfig(functionConfig: unknown): ConfigOutcome {
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
  if (kind === 'ConfigMap') return fromConfigMap(functionConfig, ref);
  if (kind !== KIND) {
    return fail(`functionConfig kind "${String(kind)}" is not supported: expected ${KIND} (apiVersion ${API_VERSION}) or ConfigMap`, ref, 'kind');
  }
  return checked(functionConfig, ref, (path) => path);
}

function fromConfigMap(cm: Obj, ref: ResourceRef): ConfigOutcome {
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
  return checked(candidate, ref, (path) => {
    const key = flat.origin.get(path);
    if (key) return `data.${key}`;
    return path.startsWith('spec.') ? `data.${path.slice(5)}` : path;
  });
}

/** Schema validation; `where` maps a PrefillOverlay path to the path the user wrote. */
function checked(candidate: unknown, ref: ResourceRef, where: (path: string) => string): ConfigOutcome {
  if (validate(candidate)) {
    const config = candidate as PrefillOverlay;
    const problems = checkConfig(config.spec);
    if (problems.length === 0) return { config, ref };
    return { results: problems.map((p) => located(p.message, ref, where(p.path))) };
  }
  return {
    results: fieldErrors(validate.errors ?? []).map((fe) => {
      const path = where(fe.path);
      return located(fe.message, ref, path);
    }),
  };
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
