/**
 * A one-line flow mapping read without a parser, for item identities: `- {apiVersion: v1, kind:
 * ConfigMap, metadata: {name: c}, data: {a: b}}` (as kubectl and some generators write items) and
 * `metadata: {name: c, namespace: n}` in a block item. Parsing each such item with `yaml` cost
 * ~0.1 ms and ~1 KB of garbage per item: 200k of them took 25 s.
 *
 * Only a strict subset is read: plain scalars without `:`, `#` or indicators, quoted scalars
 * without escapes, nested flow mappings and sequences, all on one line. Anything else (anchors,
 * aliases, tags, escapes, duplicate keys, text after the closing bracket other than a comment)
 * gives undefined and the caller parses the item: the shortcut must never guess.
 */
export type FlowValue = string | null | FlowMap | FlowValue[];
export interface FlowMap {
  [key: string]: FlowValue;
}

/** Plain scalar text in flow context: no indicator first, no `:`, `#`, `,` or brackets inside. */
const PLAIN = /(?:[A-Za-z0-9_./+=~$^()<;\\]|-(?=[^\s,[\]{}]))[^,:#[\]{}"']*/y;
const DOUBLE = /"([^"\\\n]*)"/y;
const SINGLE = /'((?:[^'\n]|'')*)'/y;

/** YAML 1.2 core schema scalars that are not strings (null, booleans, numbers). */
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

class Reader {
  at = 0;
  /** Whether the last scalar read was quoted (`"a":b` is a pair, `a:b` a plain scalar). */
  quoted = false;
  constructor(private readonly text: string) {}

  space(): void {
    while (this.text.charCodeAt(this.at) === 32 || this.text.charCodeAt(this.at) === 9) this.at++;
  }

  eat(c: string): boolean {
    this.space();
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }

  value(): FlowValue | undefined {
    this.space();
    const c = this.text[this.at];
    if (c === '{') return this.map();
    if (c === '[') return this.seq();
    return this.scalar();
  }

  scalar(): string | null | undefined {
    this.space();
    for (const re of [DOUBLE, SINGLE]) {
      re.lastIndex = this.at;
      const m = re.exec(this.text);
      if (m) {
        this.at = re.lastIndex;
        this.quoted = true;
        return re === SINGLE ? m[1].replace(/''/g, "'") : m[1];
      }
    }
    PLAIN.lastIndex = this.at;
    const m = PLAIN.exec(this.text);
    if (!m) return undefined;
    this.at = PLAIN.lastIndex;
    this.quoted = false;
    const text = m[0].trimEnd();
    // `null` and friends are not strings; numbers and booleans are not identity values either:
    // the reader keeps them as null (the caller gives up when an identity field is null).
    return NOT_A_STRING.test(text) ? null : text;
  }

  map(): FlowMap | undefined {
    if (!this.eat('{')) return undefined;
    const out: FlowMap = Object.create(null) as FlowMap;
    if (this.eat('}')) return out;
    for (;;) {
      const key = this.scalar();
      if (typeof key !== 'string' || key in out || !this.eat(':')) return undefined;
      // After a plain key, `:` is an indicator only before a space or the end of the value.
      if (!this.quoted && !/^[ \t,}\]]?$/.test(this.text.charAt(this.at))) return undefined;
      const value = this.value();
      if (value === undefined) return undefined;
      out[key] = value;
      if (this.eat('}')) return out;
      if (!this.eat(',')) return undefined;
      if (this.eat('}')) return out;
    }
  }

  seq(): FlowValue[] | undefined {
    if (!this.eat('[')) return undefined;
    const out: FlowValue[] = [];
    if (this.eat(']')) return out;
    for (;;) {
      const value = this.value();
      if (value === undefined) return undefined;
      out.push(value);
      if (this.eat(']')) return out;
      if (!this.eat(',')) return undefined;
      if (this.eat(']')) return out;
    }
  }

  /** Only spaces and a comment may follow. */
  atEnd(): boolean {
    const from = this.at;
    this.space();
    const rest = this.text.slice(this.at);
    return rest === '' || (this.at > from && rest.startsWith('#'));
  }
}

/** The flow mapping that is the whole of `text` (one line, without its line break), or undefined. */
export function readFlowMap(text: string): FlowMap | undefined {
  const reader = new Reader(text);
  const map = reader.map();
  return map && reader.atEnd() ? map : undefined;
}
