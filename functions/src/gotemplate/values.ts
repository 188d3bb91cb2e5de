/**
 * Values during execution. A Go value is modelled as a JS value plus its Go type:
 *
 * - `undefined` is Go's invalid value ("no value": printed `<no value>`);
 * - `null` is a nil pointer, map, slice or interface (printed `<nil>`);
 * - strings, numbers and booleans are Go's basic kinds (a number is an int when it is an integer
 *   and its type is not a float type);
 * - arrays are slices, plain objects are structs or maps (per the type).
 *
 * `ptr` marks a pointer (KServe's optional fields: `*int32`, `*string`, `*ParallelismSpec`): Go
 * prints a pointer's target in `{{ .X }}` but prints the pointer itself (an address) in `print`
 * and `printf`, and refuses to compare it with `eq`/`lt`.
 */
import { ANY, type GoType } from './types';

export interface Value {
  v: unknown;
  t: GoType;
  ptr: boolean;
  /** A constant written as a function argument: Go converts it to the parameter's type. */
  lit?: boolean;
}

export const NO_VALUE: Value = { v: undefined, t: ANY, ptr: false };

/** A value of no particular Go type (a literal, a function result). */
export function plain(v: unknown, t: GoType = ANY): Value {
  return { v, t, ptr: false };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A map (as opposed to a struct): by its type, or for untyped data never (objects are taken as structs). */
export function isMap(x: Value): boolean {
  return x.t.kind === 'map';
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false; structs are always true. */
export function truth(x: Value): boolean {
  const v = x.v;
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (x.ptr || isStructScalar(x.t)) return true;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return isMap(x) ? Object.keys(v).length > 0 : true;
  return true;
}

/** Quantity, URL, Time, IntOrString: structs in Go, strings or numbers in JSON. */
function isStructScalar(t: GoType): boolean {
  return t.kind === 'scalar' && (t.scalar === 'quantity' || t.scalar === 'url' || t.scalar === 'time' || t.scalar === 'int-or-string');
}

/** Go's basic kind of a value, for comparisons; undefined for pointers, structs, slices, maps, nil. */
export type BasicKind = 'bool' | 'int' | 'float' | 'string';

export function basicKind(x: Value): BasicKind | undefined {
  if (x.ptr || isStructScalar(x.t)) return undefined;
  const v = x.v;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') {
    if (x.t.kind === 'scalar' && x.t.scalar === 'float') return 'float';
    return Number.isInteger(v) ? 'int' : 'float';
  }
  return undefined;
}

/** Go's name of a value's type, for messages (`*int32`, `string`, `[]interface {}`). */
export function typeName(x: Value): string {
  const star = x.ptr ? '*' : '';
  if (x.t.kind !== 'any') return star + x.t.name;
  const v = x.v;
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return `${star}string`;
  if (typeof v === 'boolean') return `${star}bool`;
  if (typeof v === 'number') return star + (Number.isInteger(v) ? 'int' : 'float64');
  if (Array.isArray(v)) return `${star}[]interface {}`;
  return `${star}map[string]interface {}`;
}

/** Go's %v of a float64: shortest representation, exponent form below 1e-4 and from 1e+06 on. */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expText] = f.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return String(f);
}

function formatNumber(n: number, t: GoType): string {
  if (t.kind === 'scalar' && t.scalar === 'float') return formatFloat(n);
  return Number.isInteger(n) ? String(n) : formatFloat(n);
}

/** A stand-in for the address Go prints for a pointer (the real one differs on every run). */
export const FAKE_ADDRESS = '0xc000000000';

/** fmt's %v of a value nested in a slice, map or struct. */
function formatNested(v: unknown, t: GoType): string {
  if (v === undefined) return '<nil>';
  if (v === null) return t.kind === 'map' ? 'map[]' : t.kind === 'list' ? '[]' : '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatNumber(v, t);
  if (Array.isArray(v)) {
    const elem = t.kind === 'list' ? t.elem : ANY;
    return `[${v.map((e) => formatNested(e, elem)).join(' ')}]`;
  }
  if (isObject(v)) {
    if (t.kind === 'struct') return `{${Object.values(v).map((e) => formatNested(e, ANY)).join(' ')}}`;
    const elem = t.kind === 'map' ? t.elem : ANY;
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${formatNested(v[k], elem)}`).join(' ')}]`;
  }
  return String(v);
}

/** How `{{ x }}` prints a value (Go's printableValue + fmt.Fprint): one pointer level is followed. */
export function printValue(x: Value): string {
  if (x.v === undefined) return '<no value>';
  return formatNested(x.v, x.t);
}

/** fmt's %v of an argument of print/printf/println: pointers are not followed. */
export function formatArg(x: Value): string {
  if (x.v === undefined) return '<nil>';
  if (x.ptr) {
    if (x.v === null) return '<nil>';
    if (typeof x.v === 'object') return `&${formatNested(x.v, x.t)}`;
    return FAKE_ADDRESS;
  }
  return formatNested(x.v, x.t);
}

/** fmt.Sprint: operands are separated by a space when neither of the two is a string. */
export function sprint(args: readonly Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    const isString = typeof a.v === 'string' && !a.ptr;
    if (i > 0 && !isString && !(typeof args[i - 1].v === 'string' && !args[i - 1].ptr)) out += ' ';
    out += formatArg(a);
  });
  return out;
}

/** fmt.Sprintln: operands always separated by spaces, newline appended. */
export function sprintln(args: readonly Value[]): string {
  return args.map(formatArg).join(' ') + '\n';
}
