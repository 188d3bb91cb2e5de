/**
 * Values in the functionConfig that are not plain YAML data. yaml reads `!!omap`, `!!set`,
 * `!!binary` and `!!timestamp` into a Map, a Set, bytes or a Date; the schema validator sees a
 * Map or a Set as an empty object, so `env: !!omap [...]` would pass as "no env" and the entries
 * would silently not be applied. Every such value is an error that names the field.
 */
const KINDS: [(v: object) => boolean, string][] = [
  [(v) => v instanceof Map, '!!omap or !!pairs (an ordered map): write a plain mapping'],
  [(v) => v instanceof Set, '!!set: write a list or a mapping'],
  [(v) => v instanceof Date, '!!timestamp: quote the value to make it a string'],
  [(v) => ArrayBuffer.isView(v), '!!binary: write the value as a string'],
];

/** The first value that is not plain data: its field path and what to write instead. */
export function nonPlainValue(value: unknown, path = ''): { path: string; message: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [test, message] of KINDS) if (test(value)) return { path: path || '.', message: `is a YAML ${message}` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value).map(([k, v]) => [path ? `.${k}` : k, v]);
  for (const [step, child] of entries) {
    const found = nonPlainValue(child, path + step);
    if (found) return found;
  }
  return undefined;
}
