/**
 * `${...}` references in a string, read the way Flux's post-build substitution reads them (the
 * measured table in test/support/flux-envsubst-table.json):
 * - in plain text `$$` is a pair (an escaped `$`), so `$${X}` is not a reference;
 * - inside a default (`operand`), `$$` is no escape and every `${` opens a reference;
 * - a default (`:-`, `:=`) runs up to its closing `}`, nested references included.
 *
 * Each reference carries its form. Only `${NAME}`, `${NAME:-d}` and `${NAME:=d}` are forms that
 * Flux and bash agree on (`:-` and `:=` both give the default when NAME is unset or empty); every
 * other form (`${NAME-d}`, `${NAME=d}`, `${NAME:+x}`, `${#NAME}`, `${NAME:1}`, `${NAME/a/b}`, an
 * unclosed reference) is `other`: the caller decides what a form it does not model means.
 */

export type Form = 'plain' | ':-' | ':=' | 'other';

export interface Reference {
  name: string;
  form: Form;
  /** Offsets of the whole reference, `${` to `}` (for `other`: up to the next `}`, or the end). */
  start: number;
  end: number;
  /** The default text (`:-`/`:=` forms), unsubstituted, and where it starts. */
  fallback?: string;
  fallbackStart?: number;
}

/** Characters of a name as Flux's scanner reads them (letters, digits, `_`). */
const NAME = /[\p{L}\p{Nd}_]+/uy;

/**
 * The top-level references of a text, left to right. An `other` reference does not hide what it
 * contains: the scan goes on after its `${`, so `${A:+${B}}` gives `A` (other) and `B`.
 */
export function references(text: string, operand = false): Reference[] {
  const found: Reference[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    if (!operand && text[i + 1] === '$') {
      i++; // a `$$` pair
      continue;
    }
    if (text[i + 1] !== '{') continue;
    const ref = readReference(text, i);
    if (!ref) continue;
    found.push(ref);
    if (ref.form !== 'other') i = ref.end - 1;
  }
  return found;
}

function readReference(text: string, start: number): Reference | undefined {
  let p = start + 2;
  const length = text[p] === '#';
  if (length) p++;
  NAME.lastIndex = p;
  const name = NAME.exec(text)?.[0];
  if (!name) return undefined;
  p += name.length;
  if (!length && text[p] === '}') return { name, form: 'plain', start, end: p + 1 };
  const op = text.slice(p, p + 2);
  if (!length && (op === ':-' || op === ':=')) {
    const close = closingBrace(text, p + 2);
    if (close !== undefined) return { name, form: op, start, end: close + 1, fallback: text.slice(p + 2, close), fallbackStart: p + 2 };
  }
  const next = text.indexOf('}', p);
  return { name, form: 'other', start, end: next < 0 ? text.length : next + 1 };
}

/** Index of the `}` that closes an operand starting at `from` (nested `${...}` skipped), or undefined. */
function closingBrace(text: string, from: number): number | undefined {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) {
      return i;
    }
  }
  return undefined;
}

/** How a reference reads in a message: `${NAME}`, `${NAME:-...}`, or its text (cut short). */
export function describeReference(text: string, ref: Reference): string {
  const whole = text.slice(ref.start, ref.end);
  return whole.length <= 40 ? whole : `${whole.slice(0, 37)}...`;
}
