/**
 * The ConfigMap form of the functionConfig: flat string keys, as kpt passes them for a Kptfile
 * `configMap:` or `kpt fn eval -- key=value`. Each key maps to one field of PrefillOverlay.spec and
 * its string value is converted to the field's type; the result is validated like any
 * PrefillOverlay, with errors pointing back at `data.<key>`.
 */

type FlatType = 'string' | 'integer' | 'boolean' | 'list';

interface FlatKey {
  /** Path in PrefillOverlay.spec. */
  path: string[];
  type: FlatType;
}

/** Flat key -> spec field. Keys with a prefix ("env.NAME") are handled in PREFIXES. */
export const FLAT_KEYS: Record<string, FlatKey> = {
  overlay: { path: ['overlay'], type: 'string' },
  image: { path: ['image'], type: 'string' },
};

/** "env.VLLM_LOGGING_LEVEL=DEBUG" sets spec.env.VLLM_LOGGING_LEVEL. */
export const PREFIXES: Record<string, FlatKey> = {
  'env.': { path: ['env'], type: 'string' },
};

export interface FlatProblem {
  key: string;
  message: string;
}

export interface FlatSpec {
  spec: Record<string, unknown>;
  problems: FlatProblem[];
  /** spec path (dotted) -> data key, to report schema errors against the key the user wrote. */
  origin: Map<string, string>;
}

export function specFromFlat(data: Record<string, unknown>): FlatSpec {
  const spec: Record<string, unknown> = {};
  const problems: FlatProblem[] = [];
  const origin = new Map<string, string>();
  for (const [key, raw] of Object.entries(data)) {
    const target = lookup(key);
    if (!target) {
      problems.push({ key, message: `unknown key "${key}"` });
      continue;
    }
    const value = convert(String(raw), target.type);
    if (value === undefined) {
      problems.push({ key, message: `"${String(raw)}" is not ${target.type === 'integer' ? 'an integer' : `a ${target.type}`}` });
      continue;
    }
    setPath(spec, target.path, value);
    origin.set(['spec', ...target.path].join('.'), key);
  }
  return { spec, problems, origin };
}

function lookup(key: string): FlatKey | undefined {
  if (Object.prototype.hasOwnProperty.call(FLAT_KEYS, key)) return FLAT_KEYS[key];
  for (const [prefix, target] of Object.entries(PREFIXES)) {
    if (key.startsWith(prefix) && key.length > prefix.length) return { ...target, path: [...target.path, key.slice(prefix.length)] };
  }
  return undefined;
}

function convert(raw: string, type: FlatType): unknown {
  switch (type) {
    case 'string':
      return raw;
    case 'integer':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'list':
      return raw.trim() === '' ? [] : raw.split(',').map((s) => s.trim());
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (next && typeof next === 'object' ? next : (node[key] = Object.create(null) as Record<string, unknown>)) as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
