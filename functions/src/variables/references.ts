/**
 * `${NAME}`, `${NAME:=default}` and `${NAME:-default}` references in a string, the forms Flux's
 * post-build substitution knows. `$$` is a pair (Flux reads it as an escaped `$`), so `$${X}` is
 * not a reference. A default may hold references itself (`${A:-${B}}`).
 */

export interface Reference {
  name: string;
  /** Offsets of the whole reference, `${` to `}`. */
  start: number;
  end: number;
  /** The default text (`:=`/`:-` form), unsubstituted, or undefined. */
  fallback?: string;
}

const NAME = /[_A-Za-z][_A-Za-z0-9]*/y;

/** The top-level references of a text, left to right. */
export function references(text: string): Reference[] {
  const found: Reference[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    if (text[i + 1] === '$') {
      i++; // a `$$` pair
      continue;
    }
    if (text[i + 1] !== '{') continue;
    const ref = readReference(text, i);
    if (ref) {
      found.push(ref);
      i = ref.end - 1;
    }
  }
  return found;
}

function readReference(text: string, start: number): Reference | undefined {
  NAME.lastIndex = start + 2;
  const m = NAME.exec(text);
  if (!m) return undefined;
  const name = m[0];
  let i = start + 2 + name.length;
  if (text[i] === '}') return { name, start, end: i + 1 };
  if (text[i] !== ':' || (text[i + 1] !== '=' && text[i + 1] !== '-')) return undefined;
  const from = i + 2;
  let depth = 1;
  for (i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) {
      return { name, start, end: i + 1, fallback: text.slice(from, i) };
    }
  }
  return undefined;
}
