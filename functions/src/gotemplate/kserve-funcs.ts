/**
 * The three functions KServe adds to its templates (pkg/controller/v1alpha2/llmisvc,
 * ReplaceVariables), re-implemented from their Go source:
 *
 * - `ChildName parent suffix` is knative's kmeta.ChildName: `parent + suffix` when that fits in 63
 *   bytes; otherwise the parent is cut to `31 - len(suffix)` bytes and the hex MD5 of the whole
 *   parent is appended before the suffix (for a suffix of 31 bytes or more: parent cut to 31
 *   bytes + MD5 of parent+suffix + as much of the suffix as fits in 63, trailing
 *   non-alphanumerics removed).
 * - `kvTransferConfig offloading` is "" for nil (or anything not a KVCacheOffloadingSpec); for a
 *   spec it is `--kv-transfer-config '<json>'` with vLLM's OffloadingConnector settings, where
 *   every `"` of the JSON is written `\\\"` (KServe inserts it into the JSON-encoded config: after
 *   decoding it is `\"`, which survives the `KV_TRANSFER_ARGS="..."` shell assignment).
 * - `shutdownTimeout podSpec preStop` is `max(0, tgps - preStop - min(5, tgps))` where tgps is
 *   the pod spec's terminationGracePeriodSeconds, or 60 when the spec is nil or does not set it.
 */
import { ArgError, fixed, type FuncDef } from './functions';
import { quantityValue } from './quantity';
import { STRING_TYPE, type ScalarType } from './types';
import { formatFloat, isObject, plain, typeName, type Value } from './values';

const INT64: ScalarType = { kind: 'scalar', name: 'int64', scalar: 'int' };

const LONGEST = 63;
const HEAD = LONGEST - 32;

/** node:crypto is loaded on first use: it costs start-up time (~5 ms) and few runs name a child. */
function md5Hex(data: Buffer): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('md5').update(data).digest('hex');
}

/** knative.dev/pkg/kmeta.ChildName, on UTF-8 bytes as Go's string slicing is. */
export function childName(parent: string, suffix: string): string {
  const p = Buffer.from(parent, 'utf8');
  const s = Buffer.from(suffix, 'utf8');
  if (p.length <= LONGEST - s.length) return parent + suffix;
  if (HEAD - s.length <= 0) {
    const hash = md5Hex(Buffer.concat([p, s]));
    let ret = p.subarray(0, Math.min(HEAD, p.length)).toString('utf8') + hash;
    const d = LONGEST - Buffer.byteLength(ret, 'utf8');
    if (d > 0) ret += s.subarray(0, d).toString('utf8');
    return ret.replace(/[^a-zA-Z0-9]+$/, '');
  }
  return p.subarray(0, HEAD - s.length).toString('utf8') + md5Hex(p) + suffix;
}

/** Go's conversion of a template argument to a `string` parameter (one pointer level is followed). */
export function stringArg(x: Value): string {
  if (typeof x.v === 'string') {
    if (x.t.kind === 'scalar' && x.t.name !== 'string' && !x.lit) throw new ArgError(`wrong type for value; expected string; got ${typeName(x)}`);
    return x.v;
  }
  if (x.ptr && x.v === null) throw new ArgError('dereference of nil pointer of type string');
  if (x.v === undefined || (x.v === null && x.t.kind === 'any')) throw new ArgError('invalid value; expected string');
  throw new ArgError(`wrong type for value; expected string; got ${typeName(x)}`);
}

/** The value behind an `any` parameter when it has the Go type `typeName` (or no known type), else null (a failed type assertion). */
function asType(x: Value, goType: string): unknown {
  if (x.t.kind === 'any' || (x.t.kind === 'struct' && x.t.name === goType)) return x.v;
  return null;
}

/** Go's conversion of a template argument to an `int64` parameter. */
function int64Arg(x: Value): number {
  if (x.lit) {
    if (typeof x.v === 'number' && Number.isInteger(x.v) && !(x.t.kind === 'scalar' && x.t.scalar === 'float')) return x.v;
    throw new ArgError(`expected integer; found ${typeof x.v === 'number' ? formatFloat(x.v) : JSON.stringify(x.v)}`);
  }
  if (typeof x.v === 'number' && (x.t.kind === 'any' || x.t.name === 'int64')) return x.v;
  if (x.ptr && x.v === null) throw new ArgError('dereference of nil pointer of type int64');
  if (x.v === undefined || x.v === null) throw new ArgError('invalid value; expected int64');
  throw new ArgError(`wrong type for value; expected int64; got ${typeName(x)}`);
}

/** Go's json.Marshal of a map (keys sorted) of strings, integers, lists and maps. */
function goJson(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${goJson(k)}:${goJson(v[k])}`)
      .join(',')}}`;
  }
  return 'null';
}

/** The value of `kvTransferConfig`, for a KVCacheOffloadingSpec as a plain object (or nil). */
export function kvTransferConfig(spec: unknown): string {
  if (!isObject(spec)) return '';
  const cpu = spec.cpu;
  const extra: Record<string, unknown> = {
    spec_name: 'TieringOffloadingSpec',
    cpu_bytes_to_use: typeof cpu === 'string' || typeof cpu === 'number' ? quantityValue(cpu) : 0n,
  };
  if (typeof spec.evictionPolicy === 'string' && spec.evictionPolicy !== '') extra.eviction_policy = spec.evictionPolicy;
  const tiers: Record<string, unknown>[] = [];
  if (Array.isArray(spec.secondary)) {
    spec.secondary.forEach((s: unknown, i: number) => {
      if (isObject(s) && s.fileSystem !== undefined && s.fileSystem !== null) tiers.push({ type: 'fs', root_dir: `/mnt/kv-cache-${i}` });
    });
  }
  if (tiers.length > 0) extra.secondary_tiers = tiers;
  const json = goJson({ kv_connector: 'OffloadingConnector', kv_role: 'kv_both', kv_connector_extra_config: extra });
  return `--kv-transfer-config '${json.replace(/"/g, '\\\\\\"')}'`;
}

/** The value of `shutdownTimeout`, for a PodSpec as a plain object (or nil). */
export function shutdownTimeout(podSpec: unknown, preStop: number): number {
  const tgps = isObject(podSpec) && typeof podSpec.terminationGracePeriodSeconds === 'number' ? podSpec.terminationGracePeriodSeconds : 60;
  return Math.max(0, tgps - preStop - Math.min(5, tgps));
}

export const KSERVE_FUNCS: Readonly<Record<string, FuncDef>> = {
  ChildName: { arity: fixed(2), call: ([p, s]) => plain(childName(stringArg(p), stringArg(s)), STRING_TYPE) },
  kvTransferConfig: {
    arity: fixed(1),
    call: ([spec]) => plain(kvTransferConfig(asType(spec, 'v1alpha2.KVCacheOffloadingSpec')), STRING_TYPE),
  },
  shutdownTimeout: {
    arity: fixed(2),
    call: ([spec, preStop]) => plain(shutdownTimeout(asType(spec, 'v1.PodSpec'), int64Arg(preStop)), INT64),
  },
};

/** The names of the functions KServe's templates may call: Go's builtins and KServe's three. */
export const KSERVE_FUNCTION_NAMES: readonly string[] = ['ChildName', 'kvTransferConfig', 'shutdownTimeout'];
