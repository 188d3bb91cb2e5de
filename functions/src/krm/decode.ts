/**
 * ResourceList text -> ResourceList model. YAML (block or flow) and JSON; config.kubernetes.io/v1
 * and v1beta1. Items are split by the line scanner and parsed only on demand.
 */
import { isCollection, isScalar, parseDocument, visit, type Scalar } from 'yaml';
import { itemOf, ItemSyntaxError, type Item } from './item';
import { inlineValue, NotBlockStyle, ScanError, scanItems, scanTopLevel, type ScannedList, type TopEntry } from './scan';
import { plainScalar } from './identity';

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
  try {
    return decodeBlock(/^\s*[{[]/.test(text) ? normaliseToBlock(text) : text);
  } catch (e) {
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
  const doc = parseDocument(entry.text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw new DecodeError(`${entry.key}: ${error.message.split('\n')[0]}`, entry.line + (error.linePos?.[0].line ?? 1) - 1);
  return doc.toJS({ maxAliasCount: 100 })?.[entry.key];
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
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw new DecodeError(error.message.split('\n')[0], error.linePos?.[0].line);
  const json = /^\s*[{[]/.test(text);
  visit(doc, {
    Node(_key, node) {
      // Empty collections stay `[]` / `{}`: in block style they would have no text at all.
      if (isCollection(node) && node.items.length > 0) node.flow = false;
      if (json && isScalar(node) && (node as Scalar).type === 'QUOTE_DOUBLE') (node as Scalar).type = undefined;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
