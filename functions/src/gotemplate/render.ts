/**
 * Rendering KServe config templates as KServe does (see json-embed.ts and data.ts).
 *
 * `renderTemplate` renders one string of a config (a script, a probe scheme, a secret name).
 * With the default embedding `kserve-json` it is executed the way KServe executes it: encoded as
 * a JSON string by json.Marshal's rules, executed, decoded. With `none` it is executed as plain
 * text/template text (Go's own semantics, e.g. `{{- ` also trims line breaks).
 *
 * `renderAsKServe` renders a whole value (a config's `spec`, or the whole config) in one piece, as
 * KServe's ReplaceVariables does, and returns the decoded value.
 */
import type { Template } from './ast';
import { BUILTINS } from './builtins';
import { TemplateFailure, lineAt, type TemplateError } from './errors';
import { Executor, sourceOffset, type Chunk } from './exec';
import type { FuncDef } from './functions';
import { JsonDecodeError, decodeJsonStringBody, encodeGoJsonString, locateInDocument, marshalGoJson } from './json-embed';
import { KSERVE_FUNCS } from './kserve-funcs';
import { parseTemplate } from './parser';
import { rootObject, rootType, type TemplateData } from './data';
import type { JsonSchema } from './types';
import { isObject, plain, type Value } from './values';

/**
 * A function given to the template. It receives its arguments as plain JS values (`null` for nil,
 * `undefined` for "no value") and returns a plain value; a thrown Error fails the execution with
 * `error calling NAME: message`.
 */
export type TemplateFunc = (...args: unknown[]) => unknown;

export type Embedding = 'kserve-json' | 'none';

export interface RenderOptions {
  /** The CRD's schema of `spec` (see specSchemaFromCrd); without it, only KServe's known spec fields are typed. */
  specSchema?: JsonSchema;
  /** `kserve-json` (default): as KServe executes config strings; `none`: plain text/template. */
  embedding?: Embedding;
  /** The KServe functions the controller release has (default all three). */
  kserveFunctions?: readonly string[];
  /** The `.GlobalConfig` fields the controller release has (default all). */
  globalConfigFields?: readonly string[];
}

export type RenderResult = { ok: true; text: string } | { ok: false; error: TemplateError };

export type RenderValueResult = { ok: true; value: unknown } | { ok: false; error: TemplateError & { path?: string } };

/** Builtins, KServe's functions, and the caller's (which win by name). */
export function functionTable(funcs?: Readonly<Record<string, TemplateFunc>>, kserveFunctions?: readonly string[]): Map<string, FuncDef> {
  const kserve = Object.entries(KSERVE_FUNCS).filter(([name]) => !kserveFunctions || kserveFunctions.includes(name));
  const table = new Map<string, FuncDef>([...Object.entries(BUILTINS), ...kserve]);
  for (const [name, fn] of Object.entries(funcs ?? {})) {
    table.set(name, { call: (args: readonly Value[]) => plain(fn(...args.map((a) => a.v))) });
  }
  return table;
}

function rootValue(data: TemplateData, specSchema?: JsonSchema, globalConfigFields?: readonly string[]): Value {
  return { v: rootObject(data), t: rootType(specSchema, globalConfigFields), ptr: false };
}

/** Parses and executes; TemplateFailure offsets are in `text`. */
function execute(text: string, data: TemplateData, funcs: Map<string, FuncDef>, specSchema?: JsonSchema, globalConfigFields?: readonly string[]): { out: string; chunks: Chunk[] } {
  const tmpl: Template = parseTemplate(text, { functions: new Set(funcs.keys()) });
  const exec = new Executor(funcs);
  const out = exec.run(tmpl, rootValue(data, specSchema, globalConfigFields));
  return { out, chunks: exec.chunks };
}

function toError(e: unknown, text: string, mapOffset: (o: number) => number): TemplateError {
  if (e instanceof TemplateFailure) {
    const offset = mapOffset(e.offset);
    return { phase: e.phase, offset, line: lineAt(text, offset), message: e.message, ...(e.context !== undefined ? { context: e.context } : {}) };
  }
  throw e;
}

/** Renders one config string. */
export function renderTemplate(
  text: string,
  data: TemplateData,
  funcs?: Readonly<Record<string, TemplateFunc>>,
  options: RenderOptions = {},
): RenderResult {
  const table = functionTable(funcs);
  if (options.embedding === 'none') {
    try {
      return { ok: true, text: execute(text, data, table, options.specSchema).out };
    } catch (e) {
      return { ok: false, error: toError(e, text, (o) => o) };
    }
  }
  const { encoded, toDecoded } = encodeGoJsonString(text);
  const mapOffset = (o: number): number => toDecoded[Math.min(o, toDecoded.length - 1)];
  let result: { out: string; chunks: Chunk[] };
  try {
    result = execute(encoded, data, table, options.specSchema);
  } catch (e) {
    return { ok: false, error: toError(e, text, mapOffset) };
  }
  try {
    return { ok: true, text: decodeJsonStringBody(result.out) };
  } catch (e) {
    if (!(e instanceof JsonDecodeError)) throw e;
    const offset = mapOffset(sourceOffset(result.chunks, e.index));
    return { ok: false, error: { phase: 'json', offset, line: lineAt(text, offset), message: e.message } };
  }
}

/**
 * Renders a whole value as KServe's ReplaceVariables does: json.Marshal, one template execution,
 * json.Unmarshal. Errors name the path of the string they are in (`spec.template.containers[0].command[2]`).
 */
export function renderAsKServe(
  value: unknown,
  data: TemplateData,
  funcs?: Readonly<Record<string, TemplateFunc>>,
  options: Omit<RenderOptions, 'embedding'> = {},
): RenderValueResult {
  const doc = marshalGoJson(value);
  const table = functionTable(funcs, options.kserveFunctions);
  const locate = (docOffset: number): TemplateError & { path?: string } => {
    const at = locateInDocument(doc, docOffset);
    const s = at ? stringAt(value, at.value) : '';
    const offset = at?.offset ?? docOffset;
    return { phase: 'exec', offset, line: lineAt(s, offset), message: '', ...(at ? { path: at.path } : {}) };
  };
  let result: { out: string; chunks: Chunk[] };
  try {
    result = execute(doc.text, data, table, options.specSchema, options.globalConfigFields);
  } catch (e) {
    if (!(e instanceof TemplateFailure)) throw e;
    const where = locate(e.offset);
    return { ok: false, error: { ...where, phase: e.phase, message: e.message, ...(e.context !== undefined ? { context: e.context } : {}) } };
  }
  try {
    return { ok: true, value: JSON.parse(result.out) as unknown };
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = locate(sourceOffset(result.chunks, m ? Number(m[1]) : 0));
    return { ok: false, error: { ...where, phase: 'json', message: (e as Error).message } };
  }
}

/** The n-th string value of a JSON value, in marshalling order (object keys excluded). */
function stringAt(value: unknown, n: number): string {
  let i = 0;
  let found = '';
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') {
      if (i++ === n) {
        found = v;
        return true;
      }
      return false;
    }
    if (Array.isArray(v)) return v.some(walk);
    if (isObject(v)) return Object.values(v).filter((e) => e !== undefined).some(walk);
    return false;
  };
  walk(value);
  return found;
}
