/**
 * ajv errors -> messages a person can act on: the field path, what is wrong, and a did-you-mean
 * for misspelled field names. The validators are compiled with `verbose`, so each error carries
 * the schema object it failed in (`parentSchema`): hints (`x-hint`) and known field names come
 * from there. The schema avoids anyOf/oneOf, whose per-branch errors read badly; fields that take
 * several forms use union types, where each keyword applies only to values of its type.
 */
import type { ErrorObject } from 'ajv';

export interface FieldError {
  /** Dotted path into the functionConfig, e.g. spec.env.FOO or spec.vllmArgs[2]. */
  path: string;
  message: string;
}

type SchemaNode = { [key: string]: unknown };

export function fieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    // propertyNames wraps the error of the name's own schema, which already names the property.
    if (e.keyword === 'propertyNames' && errors.some((o) => o.propertyName === e.params.propertyName)) continue;
    const fe = toFieldError(e);
    const key = `${fe.path}\u0000${fe.message}`;
    if (!seen.has(key)) out.push(fe);
    seen.add(key);
  }
  return out;
}

/** One ajv error -> its field path and message (also used for KServe's spec schema, validate/kserve-schema.ts). */
export function toFieldError(e: ErrorObject): FieldError {
  // An error about a property's name (propertyNames) is an error at that property.
  const at = e.propertyName === undefined ? dotted(e.instancePath) : join(dotted(e.instancePath), e.propertyName);
  const parent = e.parentSchema as SchemaNode | undefined;
  const hint = typeof parent?.['x-hint'] === 'string' ? parent['x-hint'] : undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      const known = Object.keys((parent?.properties as SchemaNode | undefined) ?? {});
      const guess = closest(name, known);
      const more = guess ? ` (did you mean "${guess}"?)` : known.length ? ` (known fields: ${known.join(', ')})` : '';
      return { path: join(at, name), message: `unknown field "${name}"${more}` };
    }
    case 'required':
      return { path: join(at, String(e.params.missingProperty)), message: 'required field is missing' };
    case 'type':
      // A field of several forms explains them in its hint; otherwise the type says it best.
      return { path: at, message: Array.isArray(parent?.type) && hint ? hint : `must be ${typeList(e.params.type)}` };
    case 'const':
      return { path: at, message: `must be "${String(e.params.allowedValue)}"` };
    case 'enum':
      return { path: at, message: `must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'pattern':
    case 'minProperties':
      return { path: at, message: hint ?? (e.keyword === 'pattern' ? `must match ${String(e.params.pattern)}` : (e.message ?? 'is empty')) };
    case 'propertyNames':
      return { path: at, message: `invalid name "${String(e.params.propertyName)}"` };
    default:
      return { path: at, message: e.message ?? `is invalid (${e.keyword})` };
  }
}

function typeList(type: unknown): string {
  const types = String(type).split(',');
  const named = types.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`));
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named[0];
}

/** "/spec/env/FOO" -> "spec.env.FOO"; "/spec/args/2" -> "spec.args[2]". */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : join(path, p)), '');
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The known name closest to a misspelled one, if it is close enough to be a likely typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
