/**
 * ajv errors -> messages a person can act on: the field path, what is wrong, and a did-you-mean
 * for misspelled field names.
 */
import type { ErrorObject } from 'ajv';
import schema from './prefill-overlay.schema.json';

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

function toFieldError(e: ErrorObject): FieldError {
  // An error about a property's name (propertyNames) is an error at that property.
  const at = e.propertyName === undefined ? dotted(e.instancePath) : join(dotted(e.instancePath), e.propertyName);
  const parent = schemaAt(e.schemaPath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      const known = Object.keys((parent?.properties as SchemaNode | undefined) ?? {});
      const guess = closest(name, known);
      const hint = guess ? ` (did you mean "${guess}"?)` : known.length ? ` (known fields: ${known.join(', ')})` : '';
      return { path: join(at, name), message: `unknown field "${name}"${hint}` };
    }
    case 'required':
      return { path: join(at, String(e.params.missingProperty)), message: 'required field is missing' };
    case 'type':
      return { path: at, message: `must be ${article(String(e.params.type))}` };
    case 'const':
      return { path: at, message: `must be "${String(e.params.allowedValue)}"` };
    case 'enum':
      return { path: at, message: `must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'pattern':
      return { path: at, message: String(parent?.['x-hint'] ?? `must match ${String(e.params.pattern)}`) };
    case 'propertyNames':
      return { path: join(at, String(e.params.propertyName)), message: `invalid name "${String(e.params.propertyName)}"` };
    default:
      return { path: at, message: e.message ?? `is invalid (${e.keyword})` };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
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

/** The schema object that holds the failing keyword ("#/properties/spec/pattern" -> spec's schema). */
function schemaAt(schemaPath: string): SchemaNode | undefined {
  const parts = schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1);
  let node: unknown = schema;
  for (const p of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as SchemaNode)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node !== null && typeof node === 'object' ? (node as SchemaNode) : undefined;
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
