/**
 * Fills declared variables into a string. Undeclared references stay exactly as they are; so do
 * references to variables left for Flux. A missing value falls back to the reference's own
 * default (`${NAME:-x}`), else to the empty string (and the caller reports it).
 */
import { references } from './references';

export interface VariableValues {
  /** Declared names with a value. */
  values: ReadonlyMap<string, string>;
  /** Declared names without a value (their references use the inline default, else ""). */
  unset: ReadonlySet<string>;
  /** Declared names left as they are, for Flux. */
  deferred: ReadonlySet<string>;
}

export interface Substituted {
  text: string;
  /** Declared names that were used (filled, or falling back), in order of use. */
  used: string[];
}

export function substitute(text: string, vars: VariableValues): Substituted {
  const used: string[] = [];
  let out = '';
  let last = 0;
  for (const ref of references(text)) {
    const declared = vars.values.has(ref.name) || vars.unset.has(ref.name);
    if (!declared || vars.deferred.has(ref.name)) continue;
    used.push(ref.name);
    let value = vars.values.get(ref.name);
    if (value === undefined && ref.fallback !== undefined) {
      const inner = substitute(ref.fallback, vars);
      used.push(...inner.used);
      value = inner.text;
    }
    out += text.slice(last, ref.start) + (value ?? '');
    last = ref.end;
  }
  return { text: out + text.slice(last), used };
}
