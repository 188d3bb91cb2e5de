/**
 * Where a finding comes from, in the files a person edits: the source file of the resource it
 * names (found by kind and name among the tree's files) and the line of its field there (or of
 * the nearest part of the path that exists in the file). Never a line of the stream the engine
 * fed the function.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { Located } from '../cli/report';
import type { Result } from '../krm/results';

interface SourceDoc {
  file: string;
  node: Node | null;
  lines: LineCounter;
  start: number;
}

export type Locator = (r: Result) => Located;

/** A path for messages: relative to `cwd` when it is below it, else absolute. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** A locator over `files` (absolute paths); paths in messages are relative to `cwd`. */
export function locatorFor(files: readonly string[], cwd: string = process.cwd()): Locator {
  let index: Map<string, SourceDoc> | undefined;
  return (r) => {
    if (!r.resourceRef) return r;
    index ??= indexFiles(files);
    const doc = index.get(`${r.resourceRef.kind}/${r.resourceRef.name}`);
    if (!doc) return r;
    const found = r.field ? reach(doc.node, r.field.path) : undefined;
    const line = doc.lines.linePos(found?.offset ?? doc.start).line + valueLineOffset(r, found);
    return { ...r, location: { path: displayPath(doc.file, cwd), line } };
  };
}

function indexFiles(files: readonly string[]): Map<string, SourceDoc> {
  const index = new Map<string, SourceDoc>();
  for (const file of new Set(files)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
      const node = doc.contents as Node | null;
      if (!isMap(node)) continue;
      const kind = node.get('kind');
      const name = (node.getIn(['metadata', 'name']) as unknown) ?? undefined;
      if (typeof kind !== 'string' || typeof name !== 'string') continue;
      const key = `${kind}/${name}`;
      if (!index.has(key)) index.set(key, { file, node, lines, start: node.range?.[0] ?? 0 });
    }
  }
  return index;
}

/**
 * A line inside the field's value (a Go template finding's `tags.valueLine`): a block scalar's
 * first line is the one after its `|`, a flow scalar's is its own.
 */
function valueLineOffset(r: Result, found: Reached | undefined): number {
  const valueLine = Number(r.tags?.valueLine);
  if (!found?.complete || !Number.isInteger(valueLine) || valueLine < 1 || !isScalar(found.node)) return 0;
  const block = found.node.type === 'BLOCK_LITERAL' || found.node.type === 'BLOCK_FOLDED';
  return block ? valueLine : valueLine - 1;
}

interface Reached {
  /** Where the deepest node found starts (its key, for a mapping entry). */
  offset: number | undefined;
  node: Node | null;
  /** Whether the whole path was found. */
  complete: boolean;
}

/**
 * The deepest node along a field path: `a.b[2].c`, `containers[name=main]`, keys with dots in
 * them (`metadata.labels.llm-prefill.dev/overlay`) matched against the real keys.
 */
function reach(root: Node | null, path: string): Reached {
  let node: Node | null = root;
  let rest = path;
  let offset: number | undefined;
  while (node && rest !== '') {
    rest = rest.replace(/^\./, '');
    const step = nextStep(node, rest);
    if (!step) return { offset, node, complete: false };
    offset = step.keyOffset ?? step.node?.range?.[0] ?? offset;
    node = step.node;
    rest = rest.slice(step.length);
  }
  return { offset, node, complete: rest === '' };
}

/** The offset of the deepest node along a field path (see reach). */
export function offsetOf(root: Node | null, path: string): number | undefined {
  return reach(root, path).offset;
}

function nextStep(node: Node, rest: string): { node: Node | null; length: number; keyOffset?: number } | undefined {
  if (isMap(node)) {
    let best: { node: Node | null; length: number; keyOffset?: number } | undefined;
    for (const pair of node.items) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if (typeof key !== 'string' || !rest.startsWith(key)) continue;
      const after = rest[key.length];
      if (after !== undefined && after !== '.' && after !== '[') continue;
      if (!best || key.length > best.length) best = { node: pair.value as Node | null, length: key.length, keyOffset: (pair.key as Node).range?.[0] };
    }
    return best;
  }
  if (isSeq(node)) {
    const m = /^\[(?:(\d+)|([^=\]]+)=([^\]]*))\]/.exec(rest);
    if (!m) return undefined;
    const items = node.items as Node[];
    const item = m[1] !== undefined ? items[Number(m[1])] : items.find((i) => isMap(i) && String(i.get(m[2])) === m[3]);
    return item ? { node: item, length: m[0].length } : undefined;
  }
  return undefined;
}
