/**
 * Go's builtin template functions (text/template/funcs.go), on this engine's values. `and` and
 * `or` short-circuit and are evaluated by the executor; they are listed here for their arity.
 */
import { ArgError, CallError, atLeast, fixed, type FuncDef } from './functions';
import { printf } from './printf';
import { ANY, STRING_TYPE, type GoType, type ScalarType } from './types';
import { basicKind, isObject, plain, sprint, sprintln, truth, typeName, type Value } from './values';

const BOOL_T: ScalarType = { kind: 'scalar', name: 'bool', scalar: 'bool' };
const INT_T: ScalarType = { kind: 'scalar', name: 'int', scalar: 'int' };

function isNil(x: Value): boolean {
  return x.v === undefined || x.v === null;
}

/** Go's invalid value: no value, or the untyped nil literal. */
function invalid(x: Value): boolean {
  return x.v === undefined || (x.v === null && !x.ptr && x.t.kind === 'any');
}

/** eq arg1 arg2...: true if arg1 equals any of the others (Go's rules: same basic kind, or nil). */
function eq(args: readonly Value[]): boolean {
  const [a, ...rest] = args;
  if (rest.length === 0) throw new CallError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    let same: boolean;
    if (k1 !== k2) {
      if (!invalid(a) && !invalid(b)) throw new CallError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
      same = false;
    } else if (k1 !== undefined) {
      same = a.v === b.v;
    } else if (isNil(a) || isNil(b)) {
      same = isNil(a) === isNil(b);
    } else if (!a.ptr || !b.ptr) {
      throw new CallError(`non-comparable type ${typeName(a.ptr ? b : a)}`);
    } else {
      same = a.v === b.v;
    }
    if (same) return true;
  }
  return false;
}

function compare(a: Value, b: Value): number {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === undefined || k2 === undefined) throw new CallError('invalid type for comparison');
  if (k1 !== k2) throw new CallError('incompatible types for comparison');
  if (k1 === 'bool') throw new CallError('invalid type for comparison');
  const x = a.v as number | string;
  const y = b.v as number | string;
  return x < y ? -1 : x > y ? 1 : 0;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function length(x: Value): number {
  if (x.ptr && x.v === null) throw new CallError('len of nil pointer');
  const v = x.v;
  if (v === null && (x.t.kind === 'list' || x.t.kind === 'map')) return 0;
  if (typeof v === 'string' && basicKind({ ...x, ptr: false }) === 'string') return utf8Length(v);
  if (Array.isArray(v)) return v.length;
  if (isObject(v) && x.t.kind !== 'struct') return Object.keys(v).length;
  throw new CallError(`len of type ${typeName({ ...x, ptr: false })}`);
}

function indexArg(x: Value, cap: number): number {
  if (x.v === undefined || x.v === null) throw new CallError('cannot index slice/array with nil');
  const k = basicKind(x);
  if (k !== 'int') throw new CallError(`cannot index slice/array with type ${typeName(x)}`);
  const i = x.v as number;
  if (i < 0 || i > cap) throw new CallError(`index out of range: ${i}`);
  return i;
}

function zeroOf(t: GoType): unknown {
  if (t.kind === 'scalar') return t.scalar === 'string' ? '' : t.scalar === 'bool' ? false : 0;
  if (t.kind === 'any') return undefined;
  return null;
}

function index(args: readonly Value[]): Value {
  let item = args[0];
  if (item.v === undefined || (item.v === null && !item.ptr && item.t.kind === 'any')) throw new CallError('index of untyped nil');
  for (const ix of args.slice(1)) {
    if (item.ptr && item.v === null) throw new CallError('index of nil pointer');
    const v = item.v;
    if (Array.isArray(v) || (typeof v === 'string' && !item.ptr)) {
      const len = typeof v === 'string' ? utf8Length(v) : v.length;
      const i = indexArg(ix, len);
      if (i >= len) throw new CallError(`index out of range: ${i}`);
      if (typeof v === 'string') item = plain(Buffer.from(v, 'utf8')[i], { kind: 'scalar', name: 'uint8', scalar: 'int' });
      else item = plain(v[i], item.t.kind === 'list' ? item.t.elem : ANY);
    } else if ((isObject(v) || v === null) && item.t.kind !== 'struct') {
      if (typeof ix.v !== 'string') throw new CallError(`value has type ${typeName(ix)}; should be string`);
      const elem = item.t.kind === 'map' ? item.t.elem : ANY;
      const found = isObject(v) && Object.prototype.hasOwnProperty.call(v, ix.v) ? v[ix.v] : zeroOf(elem);
      item = plain(found, elem);
    } else {
      throw new CallError(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function slice(args: readonly Value[]): Value {
  const item = args[0];
  if (item.v === undefined) throw new CallError('slice of untyped nil');
  if (item.ptr && item.v === null) throw new CallError('slice of nil pointer');
  const idx = args.slice(1);
  if (idx.length > 3) throw new CallError(`too many slice indexes: ${idx.length}`);
  const v = item.v;
  if (typeof v === 'string') {
    if (idx.length === 3) throw new CallError('cannot 3-index slice a string');
    const bytes = Buffer.from(v, 'utf8');
    const [i, j] = [idx[0] ? indexArg(idx[0], bytes.length) : 0, idx[1] ? indexArg(idx[1], bytes.length) : bytes.length];
    if (i > j) throw new CallError(`invalid slice index: ${i} > ${j}`);
    return plain(bytes.subarray(i, j).toString('utf8'), STRING_TYPE);
  }
  if (Array.isArray(v)) {
    const [i, j] = [idx[0] ? indexArg(idx[0], v.length) : 0, idx[1] ? indexArg(idx[1], v.length) : v.length];
    if (i > j) throw new CallError(`invalid slice index: ${i} > ${j}`);
    return plain(v.slice(i, j), item.t);
  }
  throw new CallError(`can't slice item of type ${typeName(item)}`);
}

/** html/js/urlquery take their arguments as fmt.Sprint does, except that one string is used as is. */
function evalArgs(args: readonly Value[]): string {
  if (args.length === 1 && typeof args[0].v === 'string' && !args[0].ptr) return args[0].v;
  return sprint(args);
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

function jsEscape(s: string): string {
  let out = '';
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0;
    if (c === '\\') out += '\\\\';
    else if (c === "'") out += "\\'";
    else if (c === '"') out += '\\"';
    else if (c === '<' || c === '>' || c === '&' || c === '=') out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (cp < 0x20 || (cp >= 0x7f && !/^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(c))) {
      out += cp > 0xffff ? `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}` : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += c;
  }
  return out;
}

function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const boolValue = (b: boolean): Value => plain(b, BOOL_T);

function comparison(pred: (c: number) => boolean): FuncDef {
  return { arity: fixed(2), call: ([a, b]) => boolValue(pred(compare(a, b))) };
}

/** Go's builtin functions. `and`/`or` are placeholders: the executor short-circuits them. */
export const BUILTINS: Readonly<Record<string, FuncDef>> = {
  and: { arity: atLeast(1), call: () => { throw new Error('and is evaluated by the executor'); } },
  or: { arity: atLeast(1), call: () => { throw new Error('or is evaluated by the executor'); } },
  not: { arity: fixed(1), call: ([a]) => boolValue(!truth(a)) },
  len: { arity: fixed(1), call: ([a]) => plain(length(a), INT_T) },
  index: { arity: atLeast(1), call: index },
  slice: { arity: atLeast(1), call: slice },
  call: {
    arity: atLeast(1),
    call: ([fn]) => {
      if (isNil(fn)) throw new CallError('call of nil');
      throw new CallError(`non-function of type ${typeName(fn)}`);
    },
  },
  html: { arity: atLeast(0), call: (args) => plain(htmlEscape(evalArgs(args)), STRING_TYPE) },
  js: { arity: atLeast(0), call: (args) => plain(jsEscape(evalArgs(args)), STRING_TYPE) },
  urlquery: { arity: atLeast(0), call: (args) => plain(queryEscape(evalArgs(args)), STRING_TYPE) },
  print: { arity: atLeast(0), call: (args) => plain(sprint(args), STRING_TYPE) },
  println: { arity: atLeast(0), call: (args) => plain(sprintln(args), STRING_TYPE) },
  printf: {
    arity: atLeast(1),
    call: ([format, ...rest]) => {
      if (typeof format.v !== 'string' || format.ptr) throw new ArgError(`wrong type for value; expected string; got ${typeName(format)}`);
      return plain(printf(format.v, rest), STRING_TYPE);
    },
  },
  eq: { arity: atLeast(1), call: (args) => boolValue(eq(args)) },
  ne: { arity: fixed(2), call: (args) => boolValue(!eq(args)) },
  lt: comparison((c) => c < 0),
  le: comparison((c) => c <= 0),
  gt: comparison((c) => c > 0),
  ge: comparison((c) => c >= 0),
};
