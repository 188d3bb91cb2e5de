/**
 * The `results` list as YAML, exactly as yaml's stringify(results, RESULTS_PRINT) writes it, but
 * without building a Document: a large run reports hundreds of results (one per patched
 * resource, one per check), and stringify was ~5% of a 1,000-item run. Results are plain
 * objects of strings and numbers, so they are written line by line here; each distinct scalar
 * is printed once by yaml itself, in a mapping value's place, so quoting stays yaml's. Anything
 * else — a string printed over several lines, an empty or non-plain value, a key yaml would
 * quote — goes to stringify whole. results-yaml.test.ts checks the two agree on random results.
 */
import { stringify } from 'yaml';
import type { Result } from './results';

/** No anchors: results share objects (one resourceRef for many findings), and kpt rejects aliases. */
export const RESULTS_PRINT = { lineWidth: 0, aliasDuplicateObjects: false } as const;

export function resultsYaml(results: readonly Result[]): string {
  return simpleResultsYaml(results) ?? stringify(results, RESULTS_PRINT);
}

/** The results written line by line, or undefined when they are not all of the simple shape. */
export function simpleResultsYaml(results: readonly Result[]): string | undefined {
  if (results.length === 0) return undefined;
  try {
    return results.map((r) => `- ${mappingLines(r as unknown as Record<string, unknown>, 2).slice(2)}`).join('');
  } catch (e) {
    if (!(e instanceof NotSimple)) throw e;
    return undefined;
  }
}

class NotSimple extends Error {}

const SIMPLE_KEY = /^[A-Za-z0-9_.\/-]+$/;

function mappingLines(map: Record<string, unknown>, indent: number): string {
  const pad = ' '.repeat(indent);
  let text = '';
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    if (!SIMPLE_KEY.test(key) || scalarText(key) !== key) throw new NotSimple();
    if (isPlainObject(value)) {
      if (Object.values(value).every((v) => v === undefined)) throw new NotSimple();
      text += `${pad}${key}:\n${mappingLines(value, indent + 2)}`;
    } else {
      text += `${pad}${key}: ${scalarText(value)}\n`;
    }
  }
  return text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

const printed = new Map<string, string>();

/** A string or number as yaml prints it as a mapping value, memoised per run. */
function scalarText(value: unknown): string {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) throw new NotSimple();
  const key = typeof value === 'string' ? `s${value}` : `n${Object.is(value, -0) ? '-0' : String(value)}`;
  let text = printed.get(key);
  if (text === undefined) {
    const line = stringify({ k: value }, RESULTS_PRINT);
    text = line.startsWith('k: ') && line.indexOf('\n') === line.length - 1 ? line.slice(3, -1) : '\n';
    printed.set(key, text);
  }
  if (text === '\n') throw new NotSimple();
  return text;
}
