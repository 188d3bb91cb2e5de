/**
 * Minimal reprinting, in the manner of recast: after the filters have edited a parsed item, only
 * what changed is printed; every other byte stays as it was in the source. Printing the whole
 * Document again would move comments (`key: # note` becomes a line of its own, a comment on a
 * `- ` line moves above it) and kpt, which copies comments back onto the fields it recognises,
 * would then duplicate them on every render.
 *
 * Supported edits: a scalar's value (in place, keeping its quoting where it still reads back the
 * same), pairs and sequence items added to or removed from block collections, any change inside a
 * flow collection (that collection is printed again, still in flow style), and a pair whose value
 * node was replaced (that pair is printed again). Anything else throws Unsupported and the caller
 * prints the whole item instead.
 *
 * Each edit is also checked where that is cheap: a new one-line scalar must read back alone as its
 * value, new pairs and items must read back alone as themselves, and the text around an insertion
 * must be plain (no comment or blank line just before it, no block scalar ending just before it).
 * Edits that cannot be checked alone — removals, replaced value nodes, scalars or flow
 * collections printed over several lines, insertions next to comments — are returned as `risks`, and the caller parses the whole result again (krm/item.ts). Parsing
 * every changed item twice was a fifth of a large run; most edits are the checked kinds.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Scalar,
  Document,
  parse,
  YAMLMap,
  YAMLSeq,
  type Node,
  type Pair,
} from 'yaml';
import { bare, indentLines } from '../krm/lines';
import { keepSourceText, SOURCE_TEXT } from './source-text';

export class Unsupported extends Error {}

/**
 * How new text is printed. Kubernetes reads YAML with 1.1 rules, where plain `on`, `yes`, `no`,
 * `off` are booleans and `0777` is octal: printing with the 1.1 schema quotes such strings, which
 * 1.2 readers read back the same. No line folding: long values stay on one line.
 */
export const PRINT = { lineWidth: 0, version: '1.1' } as const;

/** What the Document looked like before the filters ran, by node identity. */
export interface Snapshot {
  scalars: WeakMap<Scalar, unknown>;
  items: WeakMap<YAMLMap | YAMLSeq, readonly unknown[]>;
  values: WeakMap<Pair, unknown>;
  /** Whether the document held an alias (yaml/expand-aliases.ts has work to do). */
  aliases: boolean;
}

export function snapshot(doc: Document): Snapshot {
  const snap: Snapshot = { scalars: new WeakMap(), items: new WeakMap(), values: new WeakMap(), aliases: false };
  addToSnapshot(snap, doc.contents);
  return snap;
}

/** Records `root` and the nodes under it as they are now (for nodes made after the snapshot). */
export function addToSnapshot(snap: Snapshot, root: unknown): void {
  // A plain recursion, not yaml's visit(), which makes a frozen ancestry array at every node: this
  // runs for every item the function changes. Documents are depth limited before they are
  // composed (krm/limits.ts). Aliases are left as they are, as visit() leaves them.
  const walk = (node: unknown): void => {
    if (isScalar(node)) snap.scalars.set(node, node.value);
    else if (isPair(node)) {
      snap.values.set(node, node.value);
      walk(node.key);
      walk(node.value);
    } else if (isMap(node) || isSeq(node)) {
      snap.items.set(node, [...node.items]);
      for (const item of node.items) walk(item);
    } else if (isAlias(node)) snap.aliases = true;
  };
  walk(root);
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface ReprintOptions {
  indentSeq: boolean;
}

/** The source with the changes made to `doc` since `snap` applied as text edits. */
export function reprint(source: string, doc: Document, snap: Snapshot, options: ReprintOptions): string {
  return reprintChecked(source, doc, snap, options).text;
}

export interface Reprinted {
  text: string;
  /** Why the result needs reading back as a whole: one entry per edit not checked alone. */
  risks: string[];
}

/** reprint(), and which edits could not be checked on their own. */
export function reprintChecked(source: string, doc: Document, snap: Snapshot, options: ReprintOptions): Reprinted {
  const edits: Edit[] = [];
  const risks: string[] = [];
  const printer = new Printer(source, snap, options, edits, risks);
  if (!doc.contents) throw new Unsupported('empty document');
  printer.node(doc.contents as Node);
  // Applied from the end backwards. At one offset, a removal goes first (else it would remove
  // what was inserted there), and an inner collection and the collections around it may all
  // insert (new keys at the end of a pod spec and at the end of spec.prefill): the inner one's
  // text must come first. Inner edits are recorded first, so among insertions at one offset the
  // later is applied first, which puts the earlier one in front of it.
  const ordered = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => b.edit.start - a.edit.start || b.edit.end - a.edit.end || b.order - a.order);
  let text = source;
  for (const { edit } of ordered) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return { text, risks };
}

class Printer {
  constructor(
    private readonly source: string,
    private readonly snap: Snapshot,
    private readonly options: ReprintOptions,
    private readonly edits: Edit[],
    private readonly risks: string[],
  ) {}

  node(node: Node): void {
    if (isScalar(node)) return this.scalar(node);
    // An alias still in place is unchanged (an edited one was replaced: yaml/expand-aliases.ts).
    if (isAlias(node)) return;
    if (!isCollection(node)) throw new Unsupported('unknown node');
    if (node.flow) return this.flow(node as YAMLMap | YAMLSeq);
    if (isMap(node)) return this.blockCollection(node);
    if (isSeq(node)) return this.blockCollection(node);
  }

  private scalar(node: Scalar): void {
    if (!this.snap.scalars.has(node)) throw new Unsupported('new scalar outside a new pair or item');
    if (this.snap.scalars.get(node) === node.value) return;
    const [start, end] = rangeOf(node);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      this.edits.push({ start, end, text: this.blockScalar(String(node.value), start, end) });
      this.risks.push('a block scalar printed again');
      return;
    }
    // A fresh scalar of the same style: the node's own comments stay where they are in the source.
    const text = this.inPlaceOf(start, printScalar(node.value, node.type));
    this.edits.push({ start, end, text });
    if (text.includes('\n') || !readsBackAs(text, () => node.value)) this.risks.push('a scalar printed over several lines or not read back alone');
  }

  /**
   * Printed text for the node that starts at `start`, without its final line break. A value that
   * now spans lines (a folded flow scalar, a flow collection holding a multi-line string)
   * continues at the node's column, which is deeper than its parent's indentation, as YAML
   * requires of flow content in a block collection.
   */
  private inPlaceOf(start: number, printed: string): string {
    const pad = ' '.repeat(this.column(start));
    return printed.replace(/\n$/, '').replace(/\n(?=.)/g, `\n${pad}`);
  }

  /**
   * A changed block scalar (a script), printed again as a literal block at the column its content
   * had, so that the lines around it stay as they are. Folded blocks become literal ones: the
   * value, not its folding, is what must survive.
   */
  private blockScalar(value: string, start: number, end: number): string {
    const first = this.source.slice(this.lineEnd(start + 1), end).split('\n').find((l) => l.trim() !== '');
    const column = first === undefined ? this.column(start) + 2 : first.length - first.trimStart().length;
    const body = value.replace(/\n+$/, '');
    if (/^[ \t]/.test(body) || /[^\S\n]$/.test(value) || body.includes('\r')) throw new Unsupported('block scalar that needs an indentation indicator');
    const trailing = value.length - body.length;
    const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
    const pad = ' '.repeat(column);
    const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
    const keep = trailing > 1 ? '\n'.repeat(trailing - 1) : '';
    const ending = this.source.slice(end - 1, end) === '\n' ? '\n' : '';
    return `|${chomp}\n${lines.join('\n')}${ending}${keep}`;
  }

  /** A flow collection with any change inside is printed again, in flow style, on one line. */
  private flow(node: YAMLMap | YAMLSeq): void {
    if (!changedDeep(node, this.snap)) return;
    const [start, end] = rangeOf(node);
    // yaml prints a flow collection over several lines when it holds a multi-line string.
    const padded = this.source.charCodeAt(start + 1) === 0x20;
    const text = this.inPlaceOf(start, printBare(node, padded, this.snap, this.source));
    this.edits.push({ start, end, text });
    if (text.includes('\n') || !readsBackAs(text, () => node.toJSON())) this.risks.push('a flow collection printed over several lines or not read back alone');
  }

  private blockCollection(node: YAMLMap | YAMLSeq): void {
    const before = this.snap.items.get(node);
    if (!before) throw new Unsupported('new collection');
    const now: readonly unknown[] = node.items;
    const kept = new Set(now);
    for (const old of before) if (!kept.has(old)) this.remove(old);
    const existed = new Set(before);
    // The last existing item: new items at the end go after its content (found only then).
    let last: unknown;
    const indent = isMap(node) ? this.keyColumn(firstKeyStart(node, before)) : this.column(rangeOf(node)[0]);
    const pending: unknown[] = [];
    const flush = (at: number, around: string | undefined) => {
      if (pending.length === 0) return;
      const items = pending.splice(0);
      const text = items.map((it) => this.render(it, isMap(node))).join('');
      this.insert(at, text, indent);
      if (around !== undefined) this.risks.push(`an insertion ${around}`);
      else if (!readsBackAs(text, () => holderOf(items, isMap(node)).toJSON())) this.risks.push('an insertion that does not read back alone');
    };
    for (const item of now) {
      if (!existed.has(item)) {
        pending.push(item);
        continue;
      }
      if (pending.length > 0) flush(this.lineStart(startOf(item)), this.startsItsLine(startOf(item)) ? undefined : 'before an item that shares its line');
      this.existing(item);
      last = item;
    }
    if (pending.length > 0) {
      if (last === undefined) throw new Unsupported('every item of a collection replaced');
      const anchor = this.lastContent(last);
      const risk = !this.endsAfterContent(anchor.end) ? 'after comments or blank lines' : anchor.blockScalar ? 'after a block scalar' : undefined;
      flush(this.lineEnd(anchor.end), risk);
    }
  }

  /** Only indentation before `offset` on its line (not `- key`, where a pair shares the dash's line). */
  private startsItsLine(offset: number): boolean {
    return this.source.slice(this.lineStart(offset), offset).trim() === '';
  }

  /**
   * Where an item's content ended in the source, and whether it ended in a block scalar: inside a
   * block collection, at its last item (as they were before the edits), since yaml's range of a
   * collection runs on over trailing comment lines and into the next line's indentation. New
   * items go on the line after it; trailing comments stay below them. After a block scalar they
   * are a risk: with keep chomping (`|+`) its trailing blank lines belong to its value.
   */
  private lastContent(item: unknown): { end: number; blockScalar: boolean } {
    const value: unknown = isPair(item) ? this.snap.values.get(item) : item;
    const before = isCollection(value) && !value.flow ? this.snap.items.get(value) : undefined;
    if (before && before.length > 0) return this.lastContent(before[before.length - 1]);
    const blockScalar = isScalar(value) && (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED');
    return { end: isPair(item) ? endOfSource(value, item) : endOf(item), blockScalar };
  }

  /**
   * Whether `offset`, where a collection's last item ends, is right after its content on the
   * same line. yaml lets a collection's range run on over trailing comment lines, and even into
   * the indentation of the next line: inserting at the end of that line would land inside the
   * parent.
   */
  private endsAfterContent(offset: number): boolean {
    const c = this.source.charCodeAt(offset - 1);
    if (offset === 0 || c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09) return false;
    return !bare(this.source.slice(this.lineStart(offset - 1), offset)).trim().startsWith('#');
  }

  private existing(item: unknown): void {
    if (!isPair(item)) return this.node(item as Node);
    const value = item.value;
    if (value === this.snap.values.get(item)) {
      if (value !== null && value !== undefined) this.node(value as Node);
      return;
    }
    // The value node was replaced (e.g. null -> mapping): print the pair again.
    const indent = this.column(startOf(item));
    const start = this.lineStart(startOf(item));
    const end = this.lineEnd(endOfSource(this.snap.values.get(item), item));
    this.edits.push({ start, end, text: indentLines(this.render(item, true), indent) });
    this.risks.push('a pair whose value node was replaced');
  }

  private remove(item: unknown): void {
    const start = this.lineStart(startOf(item));
    this.edits.push({ start, end: this.lineEnd(endOf(item)), text: '' });
    this.risks.push('a removal');
  }

  private insert(at: number, text: string, indent: number): void {
    const lead = at === this.source.length && !this.source.endsWith('\n') ? '\n' : '';
    this.edits.push({ start: at, end: at, text: lead + indentLines(text, indent) });
  }

  /** A new pair or sequence item, printed at column 0. */
  private render(item: unknown, inMap: boolean): string {
    // Copies of parsed nodes (an alias expanded where it was edited) keep their scalars' text.
    return print(holderOf([item], inMap), this.options.indentSeq, { snap: this.snap, source: this.source });
  }

  /**
   * The column of a block mapping's keys, from its first key: where that key's line content
   * starts after indentation and `- ` dashes. An anchor, tag or `?` before the key (`- &c name:
   * main`) is not part of the key's range, but is where the mapping's column is.
   */
  private keyColumn(keyStart: number): number {
    const start = this.lineStart(keyStart);
    const lead = /^ *(?:-(?: +|$))*/.exec(this.source.slice(start, keyStart)) as RegExpExecArray;
    return lead[0].length;
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  private lineStart(offset: number): number {
    return this.source.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Just past the line break of the line holding the character before `offset`. */
  private lineEnd(offset: number): number {
    const nl = this.source.indexOf('\n', Math.max(0, offset - 1));
    return nl < 0 ? this.source.length : nl + 1;
  }
}

let printer: Document | undefined;

/**
 * yaml's stringify(node, PRINT), with one Document for all calls: stringify() makes a Document
 * (and its schema) per call, which was a fifth of the reprint's time on a large input.
 */
function print(node: Node, indentSeq?: boolean, kept?: { snap: Snapshot; source: string }): string {
  const doc = printerDocument();
  doc.contents = node;
  const restore = kept ? keepSourceText(doc, node, kept.snap, kept.source) : undefined;
  try {
    return doc.toString({ lineWidth: PRINT.lineWidth, ...(indentSeq === undefined ? {} : { indentSeq }) });
  } finally {
    restore?.();
    doc.contents = null;
  }
}

function printerDocument(): Document {
  return (printer ??= new Document(null, { version: PRINT.version, customTags: [SOURCE_TEXT] }));
}

/**
 * A flow collection printed for its own range: that range (from yaml) starts at the bracket and
 * ends before a comment on the same line, so the node's anchor, tag and comments, which stay in
 * the source around it, are not printed again (they would be doubled on every run). Padding
 * inside the brackets (`{ a: 1 }` or `{a: 1}`) follows the source.
 */
function printBare(node: YAMLMap | YAMLSeq, padded: boolean, snap: Snapshot, source: string): string {
  const { anchor, tag, comment, commentBefore } = node;
  node.anchor = undefined;
  node.tag = undefined;
  node.comment = undefined;
  node.commentBefore = undefined;
  try {
    const doc = printerDocument();
    doc.contents = node;
    const restore = keepSourceText(doc, node, snap, source);
    try {
      return doc.toString({ lineWidth: PRINT.lineWidth, flowCollectionPadding: padded });
    } finally {
      restore();
    }
  } finally {
    if (printer) printer.contents = null;
    Object.assign(node, { anchor, tag, comment, commentBefore });
  }
}

function holderOf(items: readonly unknown[], inMap: boolean): YAMLMap | YAMLSeq {
  const holder = inMap ? new YAMLMap() : new YAMLSeq();
  (holder.items as unknown[]).push(...items);
  return holder;
}

/**
 * Whether printed text, parsed on its own, is `expected` as plain data. It is what the printed
 * node must read back as, wherever the text goes: block and flow values read the same alone as
 * after `key: ` or `- ` (yaml's stringify quotes what would not). Aliases, tags and other
 * surprises make it false, and the caller reads the whole result back instead.
 */
function readsBackAs(text: string, expected: () => unknown): boolean {
  let value = readBack.get(text);
  if (value === undefined) {
    try {
      value = { ok: true, data: parse(text, { prettyErrors: false, uniqueKeys: true }) };
    } catch {
      value = { ok: false };
    }
    readBack.set(text, value);
  }
  return value.ok && isDeepStrictEqual(value.data, expected());
}

/**
 * Memos for the run (one process, one ResourceList): an overlay makes the same edits in many
 * resources (50 services that all get `data: 16`), and printing and parsing tiny texts is mostly
 * yaml's set-up cost per call.
 */
const readBack = new Map<string, { ok: true; data: unknown } | { ok: false }>();
const printedScalars = new Map<string, string>();

/** A fresh scalar of `value` and `type` as yaml prints it (the same for equal value and type). */
function printScalar(value: unknown, type: Scalar['type']): string {
  const key = `${type ?? ''}\0${typeof value}\0${Object.is(value, -0) ? '-0' : String(value)}`;
  let text = printedScalars.get(key);
  if (text === undefined) {
    const fresh = new Scalar(value);
    fresh.type = type;
    text = print(fresh);
    printedScalars.set(key, text);
  }
  return text;
}

function rangeOf(node: Node): [number, number] {
  if (!node.range) throw new Unsupported('node without a source range');
  return [node.range[0], node.range[1]];
}

function startOf(item: unknown): number {
  if (isPair(item)) return rangeOf(item.key as Node)[0];
  return rangeOf(item as Node)[0];
}

function endOf(item: unknown): number {
  if (isPair(item)) return endOfSource(item.value, item);
  return rangeOf(item as Node)[1];
}

/** End of a pair in the source, from its (original) value node or, for `key:` alone, its key. */
function endOfSource(value: unknown, pair: Pair): number {
  const v = value as Node | null | undefined;
  if (v && v.range && v.range[1] > v.range[0]) return v.range[1];
  return rangeOf(pair.key as Node)[1];
}

function firstKeyStart(node: YAMLMap, before: readonly unknown[]): number {
  const first = before[0] ?? node.items[0];
  if (!isPair(first)) throw new Unsupported('empty block mapping');
  return startOf(first);
}

/** Whether anything in `node` differs from the snapshot (a node not in it counts as changed). */
export function changedDeep(node: unknown, snap: Snapshot): boolean {
  if (isScalar(node)) return !snap.scalars.has(node) || snap.scalars.get(node) !== node.value;
  if (isPair(node)) return snap.values.get(node) !== node.value || changedDeep(node.value, snap);
  if (isMap(node) || isSeq(node)) {
    const before = snap.items.get(node);
    if (!before || before.length !== node.items.length || node.items.some((it, i) => it !== before[i])) return true;
    return (node.items as unknown[]).some((it) => changedDeep(it, snap));
  }
  return false;
}
