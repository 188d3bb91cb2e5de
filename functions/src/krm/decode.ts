/**
 * ResourceList text -> ResourceList model. YAML (block or flow) and JSON; config.kubernetes.io/v1
 * and v1beta1. Items are split by the line scanner and parsed only on demand.
 */
import { isCollection, isScalar, visit, type Document, type Scalar } from 'yaml';
import { itemOf, ItemSyntaxError, type Item } from './item';
import { inlineValue, NotBlockStyle, ScanError, scanItems, scanTopLevel, type ScannedList, type TopEntry } from './scan';
import { plainScalar } from './identity';
import { DepthExceeded, jsonToBlock } from './json-to-block';
import { endsInOpenQuote } from './open-quotes';
import { documentToPlain, LIMITS, LimitExceeded, mib, parseYaml } from './limits';

export const API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'] as const;

export interface ResourceList {
  apiVersion: string;
  /** The scanned source, kept so that encode() can write back what it did not change. */
  source: ScannedList;
  /** The `items:` line and comments before the first item ('' when the input had no items). */
  itemsHead: string;
  items: Item[];
  /** The functionConfig as plain data, if any. */
  functionConfig?: unknown;
}

/** Bad input: not YAML, not a ResourceList. `line` is 1-based in the input, when known. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export function decode(input: string): ResourceList {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') throw new DecodeError('no input: expected a ResourceList (YAML or JSON) on stdin');
  const flow = /^\s*[{[]/.test(text);
  try {
    return decodeBlock(flow ? normaliseToBlock(text) : text);
  } catch (e) {
    if (e instanceof DecodeError && !flow) throw withTabHint(e, text);
    if (!(e instanceof NotBlockStyle)) throw e;
  }
  try {
    return decodeBlock(normaliseToBlock(text));
  } catch (e) {
    // Still not block style once normalised: e.g. `items: foo`, or an anchor or tag on items.
    if (e instanceof NotBlockStyle) throw new DecodeError(e.message);
    throw e;
  }
}

/** A tab in the indentation of the line an error names is the likely cause: say so. */
function withTabHint(e: DecodeError, text: string): DecodeError {
  if (e.line === undefined) return e;
  let start = 0;
  for (let n = 1; n < e.line && start >= 0; n++) start = text.indexOf('\n', start) + 1 || -1;
  if (start < 0) return e;
  const indentation = /^[ \t]*/.exec(text.slice(start, start + 200))?.[0] ?? '';
  return indentation.includes('\t') ? new DecodeError(`${e.message} (it is indented with a tab: YAML indents with spaces only)`, e.line) : e;
}

function decodeBlock(text: string): ResourceList {
  const source = rethrow(() => scanTopLevel(text));
  const entry = (key: string): TopEntry | undefined => source.entries.find((e) => e.key === key);
  const kind = plainScalar(inlineValue(entry('kind')?.text ?? ''));
  if (kind !== 'ResourceList') {
    throw new DecodeError(`expected kind: ResourceList, got ${kind === undefined ? 'no kind' : `kind: ${kind}`}`, entry('kind')?.line);
  }
  const apiVersion = plainScalar(inlineValue(entry('apiVersion')?.text ?? '')) ?? '';
  if (!(API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new DecodeError(`unsupported ResourceList apiVersion "${apiVersion}" (expected ${API_VERSIONS.join(' or ')})`, entry('apiVersion')?.line);
  }
  const itemsEntry = entry('items');
  const scanned = itemsEntry ? rethrow(() => scanItems(itemsEntry)) : { head: '', chunks: [] };
  for (const chunk of scanned.chunks) {
    if (endsInOpenQuote(chunk.text)) {
      throw new DecodeError('a quoted string in this item has no closing quote before the next item (a line at the items\' indentation, such as `- apiVersion:`, cannot continue a string): close the quote, or indent the string\'s continuation lines deeper than the item', chunk.line);
    }
  }
  const items = scanned.chunks.map((chunk, index) => rethrow(() => itemOf(chunk, index)));
  const fc = entry('functionConfig');
  return {
    apiVersion,
    source,
    itemsHead: scanned.head,
    items,
    functionConfig: fc ? valueOf(fc) : undefined,
  };
}

/** The value of one top-level entry, parsed on its own. */
function valueOf(entry: TopEntry): unknown {
  const line = (offset: number) => entry.line + countLines(entry.text.slice(0, offset));
  if (entry.text.length > LIMITS.parsedBytes) {
    throw new DecodeError(`${entry.key} is ${mib(entry.text.length)}: larger than the ${mib(LIMITS.parsedBytes)} the function parses`, entry.line);
  }
  let doc: Document.Parsed;
  try {
    doc = parseYaml(entry.text, { uniqueKeys: true }, 1);
  } catch (e) {
    if (e instanceof LimitExceeded) throw new DecodeError(`${entry.key}: ${e.message}`, line(e.offset ?? 0));
    throw e;
  }
  // A tag yaml does not know (`image: !foo x`) is read as a plain string with only a warning:
  // in the functionConfig, a value that is not plain data is an error, as !!omap and !!set are.
  const error = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (error) throw new DecodeError(`${entry.key}: ${error.message}${error.code === 'TAG_RESOLVE_FAILED' ? ' (write the value without a tag)' : ''}`, entry.line + (error.linePos?.[0].line ?? 1) - 1);
  try {
    return (documentToPlain(doc) as Record<string, unknown> | null)?.[entry.key];
  } catch (e) {
    if (e instanceof LimitExceeded) throw new DecodeError(`${entry.key}: ${e.message}`, entry.line);
    throw e;
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function rethrow<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ScanError || e instanceof ItemSyntaxError) throw new DecodeError(e.message, e.line);
    throw e;
  }
}

/**
 * JSON and flow-style YAML: parse the whole text once and write it back in block style, which the
 * scanner reads. Comments survive (flow YAML may have them); JSON's quoted scalars become plain
 * where that reads back the same.
 */
function normaliseToBlock(text: string): string {
  if (text.length > LIMITS.flowInputBytes) {
    throw new DecodeError(`JSON or flow-style input is parsed whole and may be at most ${mib(LIMITS.flowInputBytes)} (this is ${mib(text.length)}): send block-style YAML, as kpt and kustomize do`);
  }
  // Strict JSON, as generators write it: straight to block style, without a document.
  try {
    const block = jsonToBlock(text);
    if (block !== undefined) return block;
  } catch (e) {
    if (e instanceof DepthExceeded) throw new DecodeError(e.message, countLines(text.slice(0, e.offset)) + 1);
    throw e;
  }
  const json = /^\s*[{[]/.test(text) && isJson(text);
  let doc: Document.Parsed;
  try {
    // Around each item: the ResourceList mapping and the items sequence.
    doc = parseYaml(json ? singleQuoted(text) : text, { uniqueKeys: true }, 2);
  } catch (e) {
    if (e instanceof LimitExceeded) throw new DecodeError(e.message, (e.offset === undefined ? 0 : countLines(text.slice(0, e.offset))) + 1);
    throw e;
  }
  const error = doc.errors[0];
  if (error) throw new DecodeError(error.message, error.linePos?.[0].line);
  visit(doc, {
    Node(_key, node) {
      // Empty collections stay `[]` / `{}`: in block style they would have no text at all.
      if (isCollection(node) && node.items.length > 0) node.flow = false;
      if (json && isScalar(node) && ((node as Scalar).type === 'QUOTE_DOUBLE' || (node as Scalar).type === 'QUOTE_SINGLE')) (node as Scalar).type = undefined;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * JSON text with its strings single-quoted where that reads back the same. `yaml` builds a
 * double-quoted scalar one character at a time (tens of bytes of memory per character while it
 * parses: a 30 MB JSON input took 1.5 GB); a single-quoted one is a slice. Only strings without
 * escapes or with escapes of printable characters are rewritten; the rest stay as they are.
 * Strict JSON only (the caller checks): no comments, no single quotes, no plain scalars.
 */
function singleQuoted(text: string): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', from)) {
    let end = i + 1;
    let escaped = false;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (c === 0x5c) {
        escaped = true;
        end++;
      } else if (c === 0x22) break;
    }
    const literal = text.slice(i, end + 1);
    const value = escaped ? (JSON.parse(literal) as string) : literal.slice(1, -1);
    out += text.slice(from, i) + (PRINTABLE_LINE.test(value) ? `'${value.replace(/'/g, "''")}'` : literal);
    from = end + 1;
  }
  return out + text.slice(from);
}

/**
 * Characters a single-quoted YAML scalar holds as themselves: printable, no line break (which
 * would fold), no tab, no BOM (U+FEFF) or other non-characters; astral characters as pairs.
 */
const PRINTABLE_LINE = /^(?:[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]|[\ud800-\udbff][\udc00-\udfff])*$/;
