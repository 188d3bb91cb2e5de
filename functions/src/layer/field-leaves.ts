/**
 * The fields a spec layer sets, as paths in the notation of the results
 * (`spec.prefill.template.containers[name=main].env[name=X].value`): lists with a merge key are
 * entered by key, other lists are one field (KServe's merge replaces them whole). Values a merge
 * ignores (null, zero, false, "") are not set.
 */
type Obj = Record<string, unknown>;

const MERGE_KEYS: Record<string, string> = { containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath', ports: 'containerPort' };
const ATOMIC = new Set(['command', 'args']);

export function fieldLeaves(value: unknown, path = 'spec', key = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  walk(value, path, key, out);
  return out;
}

function walk(value: unknown, path: string, key: string, out: Map<string, unknown>): void {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return;
  if (Array.isArray(value)) {
    const mergeKey = MERGE_KEYS[key];
    if (!mergeKey || ATOMIC.has(key) || !value.every((e) => isObj(e) && e[mergeKey] !== undefined)) {
      out.set(path, value);
      return;
    }
    for (const entry of value as Obj[]) {
      const entryPath = `${path}[${mergeKey}=${String(entry[mergeKey])}]`;
      for (const [k, v] of Object.entries(entry)) if (k !== mergeKey) walk(v, `${entryPath}.${k}`, k, out);
    }
    return;
  }
  if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, k, out);
    return;
  }
  out.set(path, value);
}

/** Fields `upper` sets that `lower` sets to something else: what the upper layer overrides. */
export function overriddenFields(lower: unknown, upper: unknown): { path: string; lower: unknown; upper: unknown }[] {
  const below = fieldLeaves(lower);
  const found: { path: string; lower: unknown; upper: unknown }[] = [];
  for (const [path, value] of fieldLeaves(upper)) {
    if (below.has(path) && JSON.stringify(below.get(path)) !== JSON.stringify(value)) found.push({ path, lower: below.get(path), upper: value });
  }
  return found;
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
