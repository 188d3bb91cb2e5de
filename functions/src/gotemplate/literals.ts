/**
 * Literals of Go templates: numbers (as Go's parse.NumberNode reads them), quoted and raw strings
 * (strconv.Unquote), character constants. Each function throws an Error with Go's message.
 */

export interface NumberValue {
  isInt: boolean;
  isFloat: boolean;
  isRune: boolean;
  value: number;
}

const INT_RE = /^[+-]?(0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|0(_?[0-7])*|[1-9](_?[0-9])*)$/;

function parseGoInt(text: string): number | null {
  if (!INT_RE.test(text)) return null;
  let s = text.replace(/_/g, '');
  let sign = 1n;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1n;
    s = s.slice(1);
  }
  let big: bigint;
  if (/^0[xXoObB]/.test(s)) big = BigInt(s.toLowerCase());
  else if (s.length > 1 && s[0] === '0') big = BigInt('0o' + s.slice(1));
  else big = BigInt(s);
  big *= sign;
  if (big > 9223372036854775807n || big < -9223372036854775808n) return null;
  return Number(big);
}

const FLOAT_RE = /^[+-]?((\d(_?\d)*)?\.?(\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?|0[xX][0-9a-fA-F_.]+[pP][+-]?\d+|inf|infinity|nan)$/i;

function parseGoFloat(text: string): number | null {
  if (!FLOAT_RE.test(text) || !/\d/.test(text)) return null;
  const s = text.replace(/_/g, '');
  const n = Number(s);
  return Number.isNaN(n) ? null : n;
}

/** A number literal as Go's parser reads it; throws `illegal number syntax: "..."`. */
export function parseNumber(text: string, isChar: boolean): NumberValue {
  if (isChar) {
    const s = unquoteChar(text);
    return { isInt: true, isFloat: true, isRune: true, value: s.codePointAt(0) ?? 0 };
  }
  if (/i$/.test(text)) throw new Error(`complex constants are not supported: ${JSON.stringify(text)}`);
  const asInt = parseGoInt(text);
  const asFloat = parseGoFloat(text);
  if (asInt !== null) return { isInt: true, isFloat: true, isRune: false, value: asInt };
  if (asFloat !== null) {
    const integral = Number.isInteger(asFloat) && Math.abs(asFloat) <= Number.MAX_SAFE_INTEGER;
    return { isInt: integral, isFloat: true, isRune: false, value: asFloat };
  }
  throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Decodes the escapes of a Go interpreted literal body; `quote` is the enclosing quote character. */
function unescape(body: string, quote: '"' | "'"): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      if (c === quote || c === '\n') throw new Error('invalid syntax');
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Error('invalid syntax');
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === quote) out += e;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Error('invalid syntax');
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000 && e !== 'x')) throw new Error('invalid syntax');
      out += String.fromCodePoint(cp);
      i += n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new Error('invalid syntax');
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else throw new Error('invalid syntax');
  }
  return out;
}

/** strconv.Unquote of a "..." or `...` literal (raw strings lose their carriage returns, as in Go). */
export function unquoteString(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replace(/\r/g, '');
  return unescape(literal.slice(1, -1), '"');
}

function unquoteChar(literal: string): string {
  const s = unescape(literal.slice(1, -1), "'");
  if ([...s].length !== 1) throw new Error(`malformed character constant: ${literal}`);
  return s;
}
