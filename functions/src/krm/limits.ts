/**
 * The function's resource limits, in one place, and the bounded YAML entry points that enforce
 * them. README.md ("Limits") and --help (RESULTS AND EXIT CODES) describe the same numbers.
 *
 * Why these limits: whatever it is given, the function must answer with a ResourceList and an
 * error result, never crash (out of memory, out of stack) or hang. Items the function does not
 * read are copied through as text and cost little; what the function parses with `yaml` (the
 * functionConfig, the managed configs, the selected LLMInferenceServices, items whose identity
 * needs a parser, and the whole input when it is JSON or flow style) is bounded by the limits
 * below.
 */
import { Composer, isAlias, isCollection, isPair, isScalar, LineCounter, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type Node, type ParseOptions, type SchemaOptions } from 'yaml';

const MiB = 1024 * 1024;

export const LIMITS = {
  /**
   * The largest input (bytes on stdin, characters in runFunction). 256 MiB of block-style YAML
   * peaks at about 1.4 GB of memory (measured: 252 MB of ConfigMaps, 1.36 GB), inside Node's
   * default heap. A real kpt package or kustomize build is a few MB.
   */
  inputBytes: 256 * MiB,
  /**
   * JSON and flow-style input is rewritten in block style before it is scanned: strict JSON in
   * one pass over its tokens (krm/json-to-block.ts), other flow-style YAML parsed whole, which
   * costs 15-20x the input in memory: it may be at most 64 MiB. Block-style YAML, which kpt and
   * kustomize send, is not parsed whole and takes up to `inputBytes`.
   */
  flowInputBytes: 64 * MiB,
  /**
   * The largest single YAML document the function parses (an item it reads or changes, or the
   * functionConfig). The API server rejects objects over ~1.5 MiB (etcd's request limit), so
   * 16 MiB leaves room and bounds the parser: `yaml` builds a double-quoted scalar one character
   * at a time, ~50 bytes of memory per character while it parses.
   */
  parsedBytes: 16 * MiB,
  /**
   * Uses of aliases when a parsed document is turned into plain data: yaml's `maxAliasCount`
   * (an anchor's uses, times the aliases inside the anchored node, must stay below it: a scalar
   * anchor may be used 99 times). Stops "billion laughs" before it expands. Kubernetes manifests
   * rarely use aliases at all.
   */
  aliasCount: 100,
  /**
   * Nesting of collections (mappings and sequences) in a parsed document, counted from the item
   * (or functionConfig) itself. Checked on the parser's token tree (which `yaml` builds without
   * recursion) before the document is composed, so no recursive code — yaml's composer, visit,
   * toJS and toString, the reprinter, merges, schema validation — ever sees deeper data.
   * KServe's configs nest about 15 levels; 512 keeps every recursive path far from Node's stack
   * limit.
   */
  depth: 512,
} as const;

/** A limit was exceeded. `offset`: where in the parsed text, when known. */
export class LimitExceeded extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

export function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 1)} MiB`;
}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * `yaml`'s parseDocument, with the nesting limit: `extraLevels` are the collections around the
 * value the limit is about (1 for an item of `items`, which is parsed as a one-element
 * sequence). Errors carry `linePos` (1-based line and column); their messages are yaml's first
 * line only. Throws LimitExceeded when the text nests too deeply.
 */
export function parseYaml(source: string, options: Options, extraLevels: number): Document.Parsed {
  const lineCounter = new LineCounter();
  const tooDeepMessage = `nested deeper than ${LIMITS.depth} levels (the function's limit)`;
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser(lineCounter.addNewLine).parse(source));
  } catch (e) {
    // yaml's token parser recurses once per block level it closes at a dedent (thousands of
    // levels closed by one line run out of stack). A pure function of the text: nothing to undo.
    if (isStackOverflow(e)) throw new LimitExceeded(tooDeepMessage);
    throw e;
  }
  const deep = tooDeep(tokens, LIMITS.depth + extraLevels);
  if (deep !== undefined) throw new LimitExceeded(tooDeepMessage, deep);
  const composer = new Composer(options);
  let doc: Document.Parsed | undefined;
  for (const d of composer.compose(tokens, true, source.length)) {
    if (doc) {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
    doc = d;
  }
  const parsed = doc as Document.Parsed;
  // `*name` with no `&name` before it: yaml composes it and fails only when the value is read.
  if (source.includes('*')) {
    const bad = undefinedAlias(parsed.contents);
    if (bad) parsed.errors.push(new YAMLParseError(bad.range, 'BAD_ALIAS', `alias *${bad.source} refers to no anchor &${bad.source} defined before it`));
  } else ALIAS_FREE.add(parsed);
  for (const e of [...parsed.errors, ...parsed.warnings]) {
    e.linePos = [lineCounter.linePos(e.pos[0]), lineCounter.linePos(e.pos[1])];
    e.message = e.message.split('\n')[0];
  }
  return parsed;
}

/** Documents parsed from a text without `*`: they hold no alias (no code of the function adds one). */
const ALIAS_FREE = new WeakSet<Document>();

/** Whether the document is known to hold no alias (false: it may). */
export function isAliasFree(doc: Document): boolean {
  return ALIAS_FREE.has(doc);
}

/**
 * The first alias whose anchor is not defined before it, in document order (YAML's rule), or
 * undefined. Recursive, but only over a document already depth limited.
 */
function undefinedAlias(root: unknown): { source: string; range: [number, number] } | undefined {
  const anchors = new Set<string>();
  const walk = (node: unknown): { source: string; range: [number, number] } | undefined => {
    if (isAlias(node)) return anchors.has(node.source) ? undefined : { source: node.source, range: [node.range?.[0] ?? 0, node.range?.[1] ?? 0] };
    if (isPair(node)) return walk(node.key) ?? walk(node.value);
    if (isScalar(node) || isCollection(node)) {
      if (node.anchor) anchors.add(node.anchor);
      if (isCollection(node)) for (const item of node.items) {
        const bad = walk(item);
        if (bad) return bad;
      }
    }
    return undefined;
  };
  return walk(root);
}

/**
 * The offset of the first collection nested deeper than `max`, or undefined. Iterative: the
 * token tree may be arbitrarily deep.
 */
export function tooDeep(tokens: readonly CST.Token[], max: number): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    switch (token.type) {
      case 'document':
        if (token.value) stack.push([token.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > max) return token.offset;
        for (const item of token.items as CST.CollectionItem[]) {
          if (item.key) stack.push([item.key, depth + 1]);
          if (item.value) stack.push([item.value, depth + 1]);
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/**
 * A parsed node as plain data, with aliases resolved and bounded by LIMITS.aliasCount (yaml's
 * own `toJSON()` without a document leaves aliases as `{source}` objects). Throws
 * LimitExceeded on an alias bomb.
 */
export function toPlain(doc: Document, node: Node): unknown {
  try {
    return node.toJS(doc, { maxAliasCount: LIMITS.aliasCount });
  } catch (e) {
    if (e instanceof ReferenceError && /alias count/i.test(e.message)) throw aliasLimit();
    throw e;
  }
}

/** A whole document as plain data, bounded like toPlain. */
export function documentToPlain(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: LIMITS.aliasCount });
  } catch (e) {
    if (e instanceof ReferenceError && /alias count/i.test(e.message)) throw aliasLimit();
    throw e;
  }
}

function aliasLimit(): LimitExceeded {
  return new LimitExceeded(`too many alias uses (${LIMITS.aliasCount} or more: an alias bomb?)`);
}

/** Whether a call failed because the JavaScript stack ran out (deeply nested input). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
