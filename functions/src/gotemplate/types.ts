/**
 * The Go types behind the template data, as far as a JSON Schema and a small table of KServe's Go
 * types tell them. KServe executes its templates against Go structs (not maps), so:
 *
 * - a field that the type does not have is an error (`can't evaluate field X in type T`), also
 *   with `missingkey=error` (which only concerns map keys);
 * - an absent optional field has Go's zero value: a nil pointer for pointer fields (KServe's
 *   optional scalars and structs: `*int32`, `*string`, `*ParallelismSpec`, ...), `""`, `0`,
 *   `false` for value fields, an empty slice or map for lists and maps;
 * - walking a field through a nil pointer is an error (`nil pointer evaluating *T.Field`);
 * - a map key that is absent is an error (`map has no entry for key "k"`, missingkey=error).
 *
 * The JSON Schema (the CRD's `spec`) says which fields exist and which are structs, maps, lists or
 * scalars; the table below adds what a schema cannot say for the fields KServe's configs use: the
 * exact Go name (`KVCacheOffloading`), whether the field is a pointer (`Expert bool` is not), and
 * the Go type name for messages. Elsewhere: structs are taken as pointers; scalars of KServe's own
 * types as pointers; strings of core Kubernetes types (`v1.*`) as values and their numbers and
 * booleans as pointers (the usual shape of those types).
 */
import { goNameCandidates } from './names';

/** A JSON Schema node, as in a CRD's openAPIV3Schema. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  [keyword: string]: unknown;
}

export type ScalarKind = 'string' | 'int' | 'float' | 'bool' | 'quantity' | 'url' | 'time' | 'int-or-string';

export interface FieldInfo {
  /** The Go name (the most likely one when it is derived from the JSON name). */
  goName: string;
  /** Every Go name accepted as exact. */
  names: readonly string[];
  /** The key in the data object; null for an embedded struct, which is the same object. */
  jsonKey: string | null;
  pointer: boolean;
  /** The name is certain (from the table or a fixed type), not derived from the JSON name. */
  certain: boolean;
  /** Promotes its fields into the enclosing struct (Go embedding). */
  embedded: boolean;
  readonly type: GoType;
}

export interface StructType {
  kind: 'struct';
  name: string;
  /** Fields not listed may exist (no schema, or x-kubernetes-preserve-unknown-fields). */
  open: boolean;
  fields(): readonly FieldInfo[];
}

export interface MapType {
  kind: 'map';
  name: string;
  elem: GoType;
}

export interface ListType {
  kind: 'list';
  name: string;
  elem: GoType;
}

export interface ScalarType {
  kind: 'scalar';
  name: string;
  scalar: ScalarKind;
}

/** Nothing known: any value, any field. */
export interface AnyType {
  kind: 'any';
  name: string;
}

export type GoType = StructType | MapType | ListType | ScalarType | AnyType;

export const ANY: AnyType = { kind: 'any', name: 'interface {}' };
const STRING: ScalarType = { kind: 'scalar', name: 'string', scalar: 'string' };
const BOOL: ScalarType = { kind: 'scalar', name: 'bool', scalar: 'bool' };

interface Hint {
  go: string;
  /** Go type: `int32`, `string`, `bool`, `map[string]string`, `[]T`, `resource.Quantity`, or a struct type name. */
  type: string;
  pointer: boolean;
}

interface TypeHints {
  fields: Readonly<Record<string, Hint>>;
  /** The table lists every field of the type (checked against KServe's CRD): without a schema, other names are errors. */
  complete?: boolean;
  embedded?: readonly { go: string; type: string }[];
}

const h = (go: string, type: string, pointer: boolean): Hint => ({ go, type, pointer });

const WORKLOAD: Readonly<Record<string, Hint>> = {
  replicas: h('Replicas', 'int32', true),
  scaling: h('Scaling', 'v1alpha2.ScalingSpec', true),
  parallelism: h('Parallelism', 'v1alpha2.ParallelismSpec', true),
  labels: h('Labels', 'map[string]string', false),
  annotations: h('Annotations', 'map[string]string', false),
  template: h('Template', 'v1.PodSpec', true),
  worker: h('Worker', 'v1.PodSpec', true),
  kvCacheOffloading: h('KVCacheOffloading', 'v1alpha2.KVCacheOffloadingSpec', true),
  rolloutStrategy: h('RolloutStrategy', 'v1alpha2.RolloutStrategySpec', true),
};

/** KServe's Go types (pkg/apis/serving/v1alpha2) for the fields its configs use. */
const HINTS: Readonly<Record<string, TypeHints>> = {
  'v1alpha2.LLMInferenceServiceSpec': {
    fields: {
      model: h('Model', 'v1alpha2.LLMModelSpec', false),
      storageInitializer: h('StorageInitializer', 'v1alpha2.StorageInitializerSpec', true),
      ...WORKLOAD,
      router: h('Router', 'v1alpha2.RouterSpec', true),
      prefill: h('Prefill', 'v1alpha2.WorkloadSpec', true),
      baseRefs: h('BaseRefs', '[]v1.LocalObjectReference', false),
      tracing: h('Tracing', 'v1alpha2.TracingSpec', true),
    },
    embedded: [{ go: 'WorkloadSpec', type: 'v1alpha2.WorkloadSpec' }],
    complete: true,
  },
  'v1alpha2.WorkloadSpec': { fields: WORKLOAD, complete: true },
  'v1alpha2.ParallelismSpec': {
    fields: {
      tensor: h('Tensor', 'int32', true),
      pipeline: h('Pipeline', 'int32', true),
      data: h('Data', 'int32', true),
      dataLocal: h('DataLocal', 'int32', true),
      dataRPCPort: h('DataRPCPort', 'int32', true),
      expert: h('Expert', 'bool', false),
    },
    complete: true,
  },
  'v1alpha2.LLMModelSpec': {
    fields: {
      uri: h('URI', 'apis.URL', false),
      name: h('Name', 'string', true),
      lora: h('LoRA', 'v1alpha2.LoRASpec', true),
      confidential: h('Confidential', 'v1alpha2.ConfidentialSpec', true),
    },
    complete: true,
  },
  'v1alpha2.KVCacheOffloadingSpec': {
    fields: {
      cpu: h('CPU', 'resource.Quantity', false),
      evictionPolicy: h('EvictionPolicy', 'string', false),
      secondary: h('Secondary', '[]v1alpha2.KVCacheTierSpec', false),
    },
    complete: true,
  },
  'v1.PodSpec': {
    fields: {
      terminationGracePeriodSeconds: h('TerminationGracePeriodSeconds', 'int64', true),
      containers: h('Containers', '[]v1.Container', false),
      initContainers: h('InitContainers', '[]v1.Container', false),
      volumes: h('Volumes', '[]v1.Volume', false),
      serviceAccountName: h('ServiceAccountName', 'string', false),
      serviceAccount: h('DeprecatedServiceAccount', 'string', false),
      nodeSelector: h('NodeSelector', 'map[string]string', false),
    },
  },
};

function scalarOf(goType: string): ScalarType | undefined {
  switch (goType) {
    case 'string':
      return STRING;
    case 'bool':
      return BOOL;
    case 'int':
    case 'int32':
    case 'int64':
      return { kind: 'scalar', name: goType, scalar: 'int' };
    case 'float64':
      return { kind: 'scalar', name: goType, scalar: 'float' };
    case 'resource.Quantity':
      return { kind: 'scalar', name: goType, scalar: 'quantity' };
    case 'apis.URL':
      return { kind: 'scalar', name: goType, scalar: 'url' };
  }
  return undefined;
}

function schemaTypes(s: JsonSchema): string[] {
  if (s.type === undefined) return [];
  return Array.isArray(s.type) ? s.type : [s.type];
}

function isIntOrString(s: JsonSchema): boolean {
  if (s['x-kubernetes-int-or-string'] === true) return true;
  const alts = s.anyOf ?? s.oneOf;
  if (!alts) return false;
  const kinds = new Set(alts.flatMap(schemaTypes));
  return kinds.has('string') && (kinds.has('integer') || kinds.has('number'));
}

/** Scalar kind of a schema node, or undefined when it is not a scalar. */
function schemaScalar(s: JsonSchema): ScalarKind | undefined {
  if (isIntOrString(s)) return 'int-or-string';
  const t = schemaTypes(s);
  if (t.includes('string')) return s.format === 'date-time' ? 'time' : 'string';
  if (t.includes('integer')) return 'int';
  if (t.includes('number')) return 'float';
  if (t.includes('boolean')) return 'bool';
  return undefined;
}

/**
 * The Go type of a value described by a schema (and by the table, for the type named `name`;
 * `restrictTo` limits a struct to some of the schema's properties, for embedded structs).
 */
export function typeFromSchema(schema: JsonSchema | undefined, name: string, restrictTo?: ReadonlySet<string>): GoType {
  const hints = HINTS[name];
  if (schema === undefined) {
    if (!hints) return { kind: 'any', name };
    return structType(undefined, name, hints, restrictTo);
  }
  if (schema.properties || hints) return structType(schema, name, hints, restrictTo);
  const ap = schema.additionalProperties;
  if (ap !== undefined && ap !== false) {
    return { kind: 'map', name: `map[string]${ap === true ? 'interface {}' : elemName(ap)}`, elem: ap === true ? ANY : typeFromSchema(ap, elemName(ap)) };
  }
  const types = schemaTypes(schema);
  if (types.includes('array')) {
    const items = schema.items;
    return { kind: 'list', name: `[]${items ? elemName(items) : 'interface {}'}`, elem: items ? typeFromSchema(items, `${name}[]`) : ANY };
  }
  const scalar = schemaScalar(schema);
  if (scalar) return { kind: 'scalar', name: scalarGoName(scalar), scalar };
  return { kind: 'any', name };
}

function scalarGoName(s: ScalarKind): string {
  switch (s) {
    case 'int':
      return 'int32';
    case 'float':
      return 'float64';
    case 'int-or-string':
      return 'intstr.IntOrString';
    case 'time':
      return 'v1.Time';
    case 'quantity':
      return 'resource.Quantity';
    case 'url':
      return 'apis.URL';
    default:
      return s;
  }
}

function elemName(s: JsonSchema): string {
  const scalar = schemaScalar(s);
  if (scalar) return scalarGoName(scalar);
  if (s.properties) return 'struct';
  return 'interface {}';
}

function typeFromHint(hint: Hint, schema: JsonSchema | undefined): GoType {
  const scalar = scalarOf(hint.type);
  if (scalar) return scalar;
  if (hint.type.startsWith('map[')) {
    const ap = schema?.additionalProperties;
    return { kind: 'map', name: hint.type, elem: ap && ap !== true ? typeFromSchema(ap, 'string') : STRING };
  }
  if (hint.type.startsWith('[]')) {
    const items = schema?.items;
    const elemType = hint.type.slice(2);
    return { kind: 'list', name: hint.type, elem: items ? typeFromSchema(items, elemType) : typeFromSchema(undefined, elemType) };
  }
  return typeFromSchema(schema, hint.type);
}

function isCore(name: string): boolean {
  return name.startsWith('v1.');
}

function structType(schema: JsonSchema | undefined, name: string, hints: TypeHints | undefined, restrictTo?: ReadonlySet<string>): StructType {
  let cache: FieldInfo[] | undefined;
  const open =
    schema === undefined
      ? hints?.complete !== true
      : schema['x-kubernetes-preserve-unknown-fields'] === true || !schema.properties;
  return {
    kind: 'struct',
    name,
    open,
    fields(): readonly FieldInfo[] {
      if (cache) return cache;
      const out: FieldInfo[] = [];
      const keys = schema?.properties ? Object.keys(schema.properties) : Object.keys(hints?.fields ?? {});
      for (const key of keys) {
        if (restrictTo && !restrictTo.has(key)) continue;
        const sub = schema?.properties?.[key];
        const hint = hints?.fields[key];
        if (hint) {
          out.push({ goName: hint.go, names: [hint.go], jsonKey: key, pointer: hint.pointer, certain: true, embedded: false, type: typeFromHint(hint, sub) });
          continue;
        }
        const names = goNameCandidates(key);
        const childName = `${isCore(name) ? 'v1' : name.split('.')[0]}.${names[0]}`;
        const kind = sub ? classify(sub) : 'any';
        const pointer = kind === 'struct' || kind === 'any' || (kind === 'scalar' && !(isCore(name) && schemaScalar(sub ?? {}) === 'string'));
        let type: GoType | undefined;
        out.push({
          goName: names[0],
          names,
          jsonKey: key,
          pointer,
          certain: false,
          embedded: false,
          // Computed on first use: PodSpec schemas are large.
          get type(): GoType {
            return (type ??= typeFromSchema(sub, childName));
          },
        });
      }
      for (const e of hints?.embedded ?? []) {
        const inner = HINTS[e.type];
        const restrict = new Set(Object.keys(inner?.fields ?? {}));
        out.push({ goName: e.go, names: [e.go], jsonKey: null, pointer: false, certain: true, embedded: true, type: typeFromSchema(schema, e.type, restrict) });
      }
      cache = out;
      return out;
    },
  };
}

function classify(s: JsonSchema): GoType['kind'] {
  if (s.properties) return 'struct';
  const ap = s.additionalProperties;
  if (ap !== undefined && ap !== false) return 'map';
  if (schemaTypes(s).includes('array')) return 'list';
  if (schemaScalar(s)) return 'scalar';
  return 'any';
}

/** A struct with a fixed list of fields: [Go name, key in the data object, type, pointer]. */
export function fixedStruct(name: string, fields: readonly (readonly [string, string, GoType, boolean])[], embedded: readonly FieldInfo[] = []): StructType {
  const list: FieldInfo[] = [
    ...fields.map(([goName, key, type, pointer]): FieldInfo => ({ goName, names: [goName], jsonKey: key, pointer, certain: true, embedded: false, type })),
    ...embedded,
  ];
  return { kind: 'struct', name, open: false, fields: () => list };
}

export interface FieldMatch {
  /** The fields to walk: more than one when the field is promoted from an embedded struct. */
  path: FieldInfo[];
  /** The name is one of the field's exact Go names (otherwise it matched case-insensitively). */
  exact: boolean;
}

/** Looks a Go field name up in a struct, through embedded structs (Go's promotion) too. */
export function findField(t: StructType, name: string): FieldMatch | undefined {
  const direct = t.fields();
  for (const f of direct) if (f.names.includes(name)) return { path: [f], exact: true };
  for (const f of direct) {
    if (!f.embedded || f.type.kind !== 'struct') continue;
    const inner = findField(f.type, name);
    if (inner?.exact) return { path: [f, ...inner.path], exact: true };
  }
  if (!/^\p{Lu}/u.test(name)) return undefined;
  const lower = name.toLowerCase();
  for (const f of direct) {
    if (f.names.some((n) => n.toLowerCase() === lower) || f.jsonKey?.toLowerCase() === lower) return { path: [f], exact: false };
  }
  return undefined;
}

/** Every Go name of a struct's fields (embedded structs' promoted fields included), for suggestions. */
export function fieldNames(t: StructType): string[] {
  const names: string[] = [];
  for (const f of t.fields()) {
    names.push(f.goName);
    if (f.embedded && f.type.kind === 'struct') names.push(...fieldNames(f.type));
  }
  return [...new Set(names)];
}

/** Go's zero value of a field's type, as this engine represents it (null for nil pointers). */
export function zeroValue(f: FieldInfo): unknown {
  if (f.pointer) return null;
  const t = f.type;
  switch (t.kind) {
    case 'list':
      return [];
    case 'map':
      return {};
    case 'struct':
      return {};
    case 'any':
      return null;
    case 'scalar':
      switch (t.scalar) {
        case 'string':
        case 'url':
          return '';
        case 'bool':
          return false;
        case 'time':
          return '0001-01-01 00:00:00 +0000 UTC';
        default:
          return 0;
      }
  }
}

/** The `spec` schema of a CRD document (the storage version, or the named one). */
export function specSchemaFromCrd(crd: unknown, version?: string): JsonSchema | undefined {
  const versions = (crd as { spec?: { versions?: { name?: string; storage?: boolean; schema?: { openAPIV3Schema?: JsonSchema } }[] } })
    ?.spec?.versions;
  if (!Array.isArray(versions)) return undefined;
  const v = versions.find((x) => (version ? x.name === version : x.storage === true)) ?? versions[versions.length - 1];
  return v?.schema?.openAPIV3Schema?.properties?.spec;
}

export { STRING as STRING_TYPE, BOOL as BOOL_TYPE };

const derefCache = new WeakMap<JsonSchema, JsonSchema>();

function lookupPointer(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter((p) => p !== '')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return typeof node === 'object' && node !== null ? (node as JsonSchema) : undefined;
}

/**
 * The schema with local `$ref`s (`#/$defs/X`, `#/definitions/X`) replaced by their targets and
 * `allOf` members' properties merged in; recursive schemas stay recursive. Cached per schema.
 */
export function derefSchema(root: JsonSchema): JsonSchema {
  const cached = derefCache.get(root);
  if (cached) return cached;
  const memo = new Map<JsonSchema, JsonSchema>();
  const visit = (node: JsonSchema): JsonSchema => {
    let n = node;
    for (let guard = 0; typeof n.$ref === 'string' && guard < 64; guard++) n = lookupPointer(root, n.$ref) ?? {};
    const seen = memo.get(n);
    if (seen) return seen;
    const out: JsonSchema = {};
    memo.set(n, out);
    for (const [k, v] of Object.entries(n)) {
      if (k === '$ref' || k === '$defs' || k === 'definitions') continue;
      if (k === 'properties' && typeof v === 'object' && v !== null) {
        out.properties = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([p, s]) => [p, visit(s)]));
      } else if ((k === 'items' || k === 'additionalProperties') && typeof v === 'object' && v !== null) {
        out[k] = visit(v as JsonSchema);
      } else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) {
        out[k] = (v as JsonSchema[]).map(visit);
      } else {
        out[k] = v;
      }
    }
    for (const member of out.allOf ?? []) {
      if (member.properties) out.properties = { ...member.properties, ...out.properties };
      if (out.type === undefined && member.type !== undefined) out.type = member.type;
      if (out.items === undefined && member.items !== undefined) out.items = member.items;
      if (out.additionalProperties === undefined && member.additionalProperties !== undefined) out.additionalProperties = member.additionalProperties;
    }
    return out;
  };
  const result = visit(root);
  derefCache.set(root, result);
  return result;
}
