/**
 * The functionConfig's mappings in one order under every engine. kustomize hands the function
 * its config re-serialised through JSON, keys sorted; kpt hands it as the file has it. Whatever
 * the function copies from a mapping into the output (env entries, labels, annotations, node
 * selectors) follows the mapping's order, so the config is read with every mapping's keys
 * sorted (by UTF-16 code unit, as Go's JSON encoder sorts them): `render`, `kpt fn render` and
 * `kubectl kustomize` then write the same lists. Sequences keep their order.
 */
export function sortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortedKeys(v)) as unknown as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)])) as T;
}
