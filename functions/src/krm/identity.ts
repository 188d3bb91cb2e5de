/**
 * Reads an item's identity (apiVersion, kind, metadata.name, metadata.namespace) straight from its
 * lines, without parsing the item. Anything beyond simple block-style scalars makes it give up
 * (returns undefined) and the caller parses the item with `yaml` instead: the shortcut must never
 * guess.
 */
import { readFlowMap, type FlowMap } from './flow-identity';
import { bare, indentOf, isBlankOrComment, splitLines } from './lines';
import type { Chunk } from './scan';

export interface Identity {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** `key: value` (or `key:`) at the sticky regex's lastIndex, to the end of a bare line. */
const KEY_VALUE = /([A-Za-z][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]+(.*))?$/y;

/** The key and raw value of the line from column `col` on (no copy of the line is made). */
function keyValueAt(line: string, col: number): RegExpExecArray | null {
  KEY_VALUE.lastIndex = col;
  return KEY_VALUE.exec(line);
}

/** How many lines to try first: kpt's annotations make metadata ~12 lines; spec can be thousands. */
const HEAD_LINES = 48;

/**
 * A block-style item's identity, or undefined when its form needs a real parser. Most items say
 * apiVersion, kind and metadata first, so the first lines are read first; only when they do not
 * settle it is the whole item read (a large item must not cost a full split of its lines).
 */
export function scanIdentity(chunk: Chunk): Identity | undefined {
  const flow = flowItemIdentity(chunk);
  if (flow !== 'block') return flow;
  const head = headOf(chunk.text, HEAD_LINES);
  if (head.length < chunk.text.length) {
    const quick = identityFrom(head, chunk.indent);
    if (quick?.settled) return quick.id;
  }
  return identityFrom(chunk.text, chunk.indent)?.id;
}

/** The first `n` lines of a text. */
function headOf(text: string, n: number): string {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return text;
  }
  return text.slice(0, at + 1);
}

function identityFrom(text: string, indent: number): { id: Identity; settled: boolean } | undefined {
  const lines = bareLines(text);
  const first = lines[0].slice(indent + 1);
  const pad = first.length - first.trimStart().length;
  if (first.trim() === '') {
    const next = lines.findIndex((l, i) => i > 0 && !isBlankOrComment(l));
    if (next < 0) return undefined;
    return readIdentity(lines, next, indentOf(lines[next]));
  }
  // `- key: value`: the first key, read as if it stood on its own line at its column.
  const col = indent + 1 + pad;
  lines[0] = ' '.repeat(col) + first.trimStart();
  return readIdentity(lines, 0, col);
}

/**
 * The lines of a text without their line endings. One native split (this runs for every item of
 * a large input): a CRLF line keeps its '\r' until here, an LF line is not copied again.
 */
function bareLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].charCodeAt(lines[i].length - 1) === 13) lines[i] = lines[i].slice(0, -1);
  return lines;
}

/**
 * `settled`: apiVersion, kind and the whole metadata block were read, and a later top-level key
 * shows that metadata ended — nothing further down can change the identity.
 */
function readIdentity(lines: string[], from: number, col: number): { id: Identity; settled: boolean } | undefined {
  const id: Identity = {};
  let metadataRead = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    if (isBlankOrComment(line) || indentOf(line) !== col) continue;
    const m = keyValueAt(line, col);
    if (!m) return undefined;
    const [, key, raw] = m;
    if (key === 'apiVersion' || key === 'kind') {
      const value = plainScalar(raw);
      if (value === undefined || continuesBelow(lines, i, col)) return undefined;
      id[key] = value;
    } else if (key === 'metadata') {
      if (raw !== undefined && stripComment(raw) !== '') {
        // `metadata: {name: x, namespace: y}` on one line.
        const flow = readFlowMap(raw);
        if (!flow || !metadataFrom(flow, id)) return undefined;
      } else if (!readMetadata(lines, i + 1, col, id)) return undefined;
      metadataRead = true;
    } else if (metadataRead && id.apiVersion !== undefined && id.kind !== undefined) {
      return { id, settled: true };
    }
  }
  return { id, settled: false };
}

function readMetadata(lines: string[], from: number, parentCol: number, id: Identity): boolean {
  let col = -1;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    if (isBlankOrComment(line)) continue;
    const indent = indentOf(line);
    if (indent <= parentCol) break;
    if (col < 0) col = indent;
    if (indent !== col) continue;
    const m = keyValueAt(line, col);
    if (!m) return false;
    const [, key, raw] = m;
    if (key === 'name' || key === 'namespace') {
      const value = plainScalar(raw);
      if (value === undefined || continuesBelow(lines, i, col)) return false;
      id[key] = value;
    }
  }
  return true;
}

/**
 * An item written as one flow mapping on its `- ` line: its identity read by readFlowMap, or
 * undefined when that cannot read it (the caller parses), or 'block' for any other item.
 */
function flowItemIdentity(chunk: Chunk): Identity | undefined | 'block' {
  const nl = chunk.text.indexOf('\n');
  const first = nl < 0 ? chunk.text : chunk.text.slice(0, nl);
  const rest = first.slice(chunk.indent + 1).trimStart();
  if (!rest.startsWith('{')) return 'block';
  if (nl >= 0 && !chunk.text.slice(nl + 1).split('\n').every((l) => isBlankOrComment(l))) return undefined;
  const map = readFlowMap(rest.replace(/\r$/, ''));
  if (!map) return undefined;
  const id: Identity = {};
  for (const key of ['apiVersion', 'kind'] as const) {
    const v = map[key];
    if (v === null || (v !== undefined && typeof v !== 'string')) return undefined;
    if (v !== undefined) id[key] = v;
  }
  const metadata = map.metadata;
  if (metadata === undefined) return id;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return undefined;
  return metadataFrom(metadata, id) ? id : undefined;
}

/** name and namespace from flow metadata into `id`; false when they are not plain strings. */
function metadataFrom(metadata: FlowMap, id: Identity): boolean {
  for (const key of ['name', 'namespace'] as const) {
    const v = metadata[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return false;
    id[key] = v;
  }
  return true;
}

/** A plain scalar may continue on more-indented lines; then the shortcut gives up. */
function continuesBelow(lines: string[], at: number, col: number): boolean {
  for (let i = at + 1; i < lines.length; i++) {
    if (isBlankOrComment(lines[i])) continue;
    return indentOf(lines[i]) > col;
  }
  return false;
}

function stripComment(raw: string): string {
  return raw.replace(/(^|[ \t])#.*$/, '').trim();
}

/** A one-line scalar that needs no YAML machinery to read, else undefined. */
export function plainScalar(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text.startsWith('"')) {
    const m = /^"([^"\\]*)"[ \t]*(#.*)?$/.exec(text);
    return m ? m[1] : undefined;
  }
  if (text.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'[ \t]*(#.*)?$/.exec(text);
    return m ? m[1].replace(/''/g, "'") : undefined;
  }
  const value = stripComment(text);
  if (value === '' || /^[&*!|>{[@`%]/.test(value) || /^(~|null|Null|NULL)$/.test(value)) return undefined;
  return value;
}

const HEAD_KEYS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * The item cut down to its apiVersion, kind and metadata entries (a block-style item whose
 * identity the line reader could not read, e.g. with `metadata: {name: x}`): parsing that instead
 * of the whole item reads the identity and annotations at the cost of a few lines, whatever the
 * rest holds (a multi-MB CRD, nesting beyond the parse limits). Lines at the item's key column
 * start its entries; deeper ones continue them. Undefined when the item is not a plain block
 * mapping (a flow root, a complex or quoted key at the key column): the caller parses it whole.
 */
export function headChunk(chunk: Chunk): Chunk | undefined {
  const lines = splitLines(chunk.text);
  const afterDash = bare(lines[0]).slice(chunk.indent + 1);
  const pad = afterDash.length - afterDash.trimStart().length;
  const inline = afterDash.trim() !== '' && !afterDash.trimStart().startsWith('#');
  let col: number;
  if (inline) col = chunk.indent + 1 + pad;
  else {
    const next = lines.findIndex((l, i) => i > 0 && !isBlankOrComment(l));
    if (next < 0) return undefined;
    col = indentOf(lines[next]);
  }
  if (col <= chunk.indent) return undefined;
  const kept: string[] = [];
  let keep = false;
  for (let i = inline ? 0 : 1; i < lines.length; i++) {
    const line = i === 0 ? ' '.repeat(col) + afterDash.trimStart() + lines[0].slice(bare(lines[0]).length) : lines[i];
    if (!isBlankOrComment(line) && indentOf(line) <= col) {
      if (indentOf(line) < col) return undefined;
      const m = keyValueAt(bare(line), col);
      if (!m) return undefined;
      keep = HEAD_KEYS.has(m[1]);
    }
    if (keep) kept.push(line);
  }
  if (kept.length === 0) return { ...chunk, text: `${' '.repeat(chunk.indent)}- {}\n` };
  const first = kept[0];
  kept[0] = `${' '.repeat(chunk.indent)}-${' '.repeat(col - chunk.indent - 1)}${first.slice(col)}`;
  return { ...chunk, text: kept.join('') };
}
