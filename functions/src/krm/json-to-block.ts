/**
 * Strict JSON -> block-style YAML, in one pass over the text, without building a document.
 * decode.ts used to parse JSON input whole with `yaml` to print it in block style: a Document
 * costs hundreds of bytes per node, so 17 MB of small items took 2.2 GB (README bound: 24 x the
 * input + 100 MB). This writes the same YAML from the JSON tokens: keys and strings plain where
 * that reads back as the same string under YAML 1.1 and 1.2, single-quoted when printable,
 * else JSON's own double-quoted text (valid YAML); integers and decimals as written; true,
 * false and null as they are.
 *
 * Returns undefined for anything it does not write (not strict JSON, duplicate keys, numbers
 * too large or small to write without an exponent, very long keys): the caller parses that with `yaml` as before, which reports what is wrong.
 * Throws DepthExceeded past the nesting limit.
 */
import { LIMITS } from './limits';

export class DepthExceeded extends Error {
  constructor(readonly offset: number) {
    super(`nested deeper than ${LIMITS.depth} levels (the function's limit)`);
  }
}

/** Plain in block context and a string to YAML 1.1 and 1.2 readers alike. */
const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./:@=+ -]*$/;
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null)$/i;
/** As in decode.ts: characters a single-quoted scalar holds as themselves, on one line. */
const PRINTABLE_LINE = /^(?:[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]|[\ud800-\udbff][\udc00-\udfff])*$/;
const INTEGER_OR_DECIMAL = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?![0-9.eE])/y;
const LITERAL = /true|false|null/y;
const EXPONENT = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?[eE][-+]?[0-9]+(?![0-9.eE])/y;

class GiveUp extends Error {}

/** Extra levels around an item: the ResourceList mapping and the items sequence. */
const AROUND_ITEMS = 2;

export function jsonToBlock(text: string): string | undefined {
  const w = new Writer(text);
  try {
    w.skip();
    if (text.charCodeAt(w.at) !== 0x7b) return undefined;
    const out = w.block(0, 0);
    w.skip();
    return w.at === text.length ? out : undefined;
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

class Writer {
  at = 0;
  /** Offset of the next backslash at or after the last search (Infinity: none). */
  private slash = -1;
  constructor(private readonly text: string) {}

  skip(): void {
    const t = this.text;
    for (let c = t.charCodeAt(this.at); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = t.charCodeAt(++this.at));
  }

  expect(code: number): void {
    this.skip();
    if (this.text.charCodeAt(this.at) !== code) throw new GiveUp();
    this.at++;
  }

  /** Whether the next token is `code` (consumed if so). */
  next(code: number): boolean {
    this.skip();
    if (this.text.charCodeAt(this.at) !== code) return false;
    this.at++;
    return true;
  }

  /**
   * The collection at `at` in block style at `indent`: each line padded, each ending in a line
   * break. An empty collection is not block style: the caller writes `{}` / `[]` inline.
   */
  block(indent: number, depth: number): string {
    if (depth > LIMITS.depth + AROUND_ITEMS) throw new DepthExceeded(this.at);
    const pad = ' '.repeat(indent);
    let out = '';
    if (this.next(0x7b)) {
      if (this.next(0x7d)) throw new GiveUp(); // callers check for empty collections first
      const keys = new Set<string>();
      do {
        this.skip();
        const key = this.string();
        if (keys.has(key) || key.length > 1000) throw new GiveUp();
        keys.add(key);
        this.expect(0x3a);
        out += `${pad}${scalarText(key)}:${this.value(indent + 2, depth + 1, false)}`;
      } while (this.next(0x2c));
      this.expect(0x7d);
      return out;
    }
    this.expect(0x5b);
    do out += `${pad}-${this.value(indent + 2, depth + 1, true)}`;
    while (this.next(0x2c));
    this.expect(0x5d);
    return out;
  }

  /** A value after `key:` or `-`: ` scalar\n`, ` {}\n`, or a nested block. */
  value(indent: number, depth: number, inSeq: boolean): string {
    this.skip();
    const c = this.text.charCodeAt(this.at);
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      const from = this.at++;
      if (this.next(close)) return c === 0x7b ? ' {}\n' : ' []\n';
      this.at = from;
      const nested = this.block(indent, depth);
      // In a sequence, a collection starts on the dash's line (`- key: v`, `- - x`).
      return inSeq ? ` ${nested.slice(indent)}` : `\n${nested}`;
    }
    if (c === 0x22) return ` ${scalarText(this.string())}\n`;
    for (const re of [INTEGER_OR_DECIMAL, LITERAL]) {
      re.lastIndex = this.at;
      const m = re.exec(this.text);
      if (m) {
        this.at = re.lastIndex;
        return ` ${m[0]}\n`;
      }
    }
    // An exponent (`1e3`): YAML 1.1 would read it as a string. Written as the number yaml reads
    // (what the whole-document path wrote), when that has no exponent itself.
    EXPONENT.lastIndex = this.at;
    const m = EXPONENT.exec(this.text);
    const plain = m ? String(Number(m[0])) : '';
    if (!m || !/^-?[0-9]+(?:\.[0-9]+)?$/.test(plain)) throw new GiveUp();
    this.at = EXPONENT.lastIndex;
    return ` ${plain}\n`;
  }

  /** A JSON string at `at`, decoded. */
  string(): string {
    const t = this.text;
    if (t.charCodeAt(this.at) !== 0x22) throw new GiveUp();
    let end = this.at + 1;
    let escaped = false;
    for (;;) {
      const quote = t.indexOf('"', end);
      // The next backslash is searched for again only once passed (else each string would
      // search the rest of the text: quadratic on a text without any).
      if (this.slash < end) this.slash = t.indexOf('\\', end);
      if (this.slash < 0) this.slash = Infinity;
      const slash = this.slash;
      if (quote < 0) throw new GiveUp();
      if (slash > quote) {
        end = quote;
        break;
      }
      escaped = true;
      end = slash + 2;
    }
    const literal = t.slice(this.at, end + 1);
    this.at = end + 1;
    if (!escaped) {
      const body = literal.slice(1, -1);
      // Raw control characters (a line break) are not allowed in a JSON string.
      if (/[\x00-\x1f]/.test(body)) throw new GiveUp();
      return body;
    }
    try {
      return JSON.parse(literal) as string;
    } catch {
      throw new GiveUp();
    }
  }
}

function scalarText(s: string): string {
  if (SAFE_PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ') && !s.endsWith(':') && !s.includes(': ') && !s.includes(' #')) return s;
  if (PRINTABLE_LINE.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return JSON.stringify(s);
}
