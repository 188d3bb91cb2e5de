/**
 * fmt.Sprintf for template values: the verbs %v %s %d %q %t %x %X %o %b %c %f %F %e %E %g %G %T
 * %%, the flags `-`, `+`, `0`, space, width and precision; Go's error forms for a wrong verb
 * (`%!d(string=x)`), a missing operand (`%!d(MISSING)`) and extra operands (`%!(EXTRA int=1)`).
 */
import { FAKE_ADDRESS, basicKind, formatArg, formatFloat, typeName, type Value } from './values';

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  width?: number;
  precision?: number;
  verb: string;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  const n = spec.width - s.length;
  if (spec.minus) return s + ' '.repeat(n);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }
  return ' '.repeat(n) + s;
}

function bad(spec: Spec, x: Value): string {
  if (x.v === undefined || (x.v === null && !x.ptr && x.t.kind === 'any')) return `%!${spec.verb}(<nil>)`;
  return `%!${spec.verb}(${typeName(x)}=${formatArg(x)})`;
}

function signed(s: string, n: number, spec: Spec): string {
  if (n >= 0 && spec.plus) return `+${s}`;
  if (n >= 0 && spec.space) return ` ${s}`;
  return s;
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/\\u007f/g, '\\x7f');
}

function formatOne(spec: Spec, x: Value): string {
  const kind = basicKind(x);
  const v = x.v;
  switch (spec.verb) {
    case 'v':
      if (kind === 'float') return pad(signed(formatFloat(v as number), v as number, spec), spec, true);
      if (kind === 'int') return pad(signed(String(v), v as number, spec), spec, true);
      return pad(formatArg(x), spec, false);
    case 'T':
      return pad(x.v === undefined || (x.v === null && x.t.kind === 'any' && !x.ptr) ? '<nil>' : typeName(x), spec, false);
    case 's':
      if (kind === 'string') return pad(spec.precision !== undefined ? [...(v as string)].slice(0, spec.precision).join('') : (v as string), spec, false);
      if (kind === undefined && !x.ptr && v !== null && typeof v === 'object') return pad(formatArg(x), spec, false);
      return bad(spec, x);
    case 'q':
      if (kind === 'string') return pad(quote(v as string), spec, false);
      if (kind === 'int') return pad(`'${String.fromCodePoint(v as number)}'`, spec, false);
      return bad(spec, x);
    case 't':
      return kind === 'bool' ? pad(String(v), spec, false) : bad(spec, x);
    case 'd':
      if (kind === 'int') return pad(signed(String(v), v as number, spec), spec, true);
      if (x.ptr && v !== null) return pad(String(parseInt(FAKE_ADDRESS, 16)), spec, true);
      return bad(spec, x);
    case 'o':
    case 'b':
    case 'x':
    case 'X': {
      const radix = spec.verb === 'o' ? 8 : spec.verb === 'b' ? 2 : 16;
      if (kind === 'int') {
        const n = v as number;
        const digits = Math.abs(n).toString(radix);
        return pad(signed((n < 0 ? '-' : '') + (spec.verb === 'X' ? digits.toUpperCase() : digits), n, spec), spec, true);
      }
      if (kind === 'string' && radix === 16) {
        const hex = Buffer.from(v as string, 'utf8').toString('hex');
        return pad(spec.verb === 'X' ? hex.toUpperCase() : hex, spec, false);
      }
      return bad(spec, x);
    }
    case 'c':
      return kind === 'int' ? pad(String.fromCodePoint(v as number), spec, false) : bad(spec, x);
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (kind !== 'float') return bad(spec, x);
      const n = v as number;
      const verb = spec.verb.toLowerCase();
      let s: string;
      if (verb === 'f') s = n.toFixed(spec.precision ?? 6);
      else if (verb === 'e') s = n.toExponential(spec.precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      else s = spec.precision === undefined ? formatFloat(n) : String(Number(n.toPrecision(spec.precision)));
      if (spec.verb === 'E' || spec.verb === 'G') s = s.toUpperCase();
      return pad(signed(s, n, spec), spec, true);
    }
    default:
      return `%!${spec.verb}(${typeName(x)}=${formatArg(x)})`;
  }
}

/** fmt.Sprintf(format, args...) for template values. */
export function printf(format: string, args: readonly Value[]): string {
  let out = '';
  let argIndex = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    const spec: Spec = { minus: false, plus: false, zero: false, space: false, verb: '' };
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '0') spec.zero = !spec.minus;
      else if (f === ' ') spec.space = true;
      else if (f === '#') continue;
      else break;
    }
    const width = /^\d+/.exec(format.slice(i));
    if (width) {
      spec.width = Number(width[0]);
      i += width[0].length;
    }
    if (format[i] === '.') {
      i++;
      const prec = /^\d*/.exec(format.slice(i))?.[0] ?? '';
      spec.precision = prec === '' ? 0 : Number(prec);
      i += prec.length;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    spec.verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += spec.verb.length;
    if (spec.verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${spec.verb}(MISSING)`;
      continue;
    }
    out += formatOne(spec, args[argIndex++]);
  }
  if (argIndex < args.length) {
    out += `%!(EXTRA ${args
      .slice(argIndex)
      .map((a) => (a.v === undefined || (a.v === null && !a.ptr && a.t.kind === 'any') ? '<nil>' : `${typeName(a)}=${formatArg(a)}`))
      .join(', ')})`;
  }
  return out;
}
