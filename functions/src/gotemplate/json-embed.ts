/**
 * KServe does not execute a config's strings one by one: it marshals the whole merged config to
 * JSON with Go's encoding/json, executes that JSON text as one template, and unmarshals the
 * result. So the template text Go sees is the JSON-escaped string, which matters:
 *
 * - `"` inside an action arrives as `\"`, and a line break inside an action as `\n`: both are a
 *   parse error (`unexpected "\\" in operand`, `bad character U+005C`); string literals must be
 *   raw (`...`) and actions one line long;
 * - `<`, `>`, `&` arrive as `\u003c`, `\u003e`, `\u0026` (json.Marshal escapes HTML), also
 *   inside string literals: printed, such a literal decodes back to what was written, but `eq`,
 *   `len`, `index` and `slice` see the escaped text;
 * - a trim marker (`{{- `, ` -}}`) trims spaces only: the line breaks around it are `\n` in the
 *   JSON text, not white space;
 * - a printed value goes into the JSON text as is: a `"`, `\` or control character in it breaks
 *   the JSON or changes the string (KServe: `failed to unmarshal config from template`).
 *
 * This module encodes strings as json.Marshal does (keeping, for each encoded character, the
 * offset of the decoded character it came from) and decodes rendered JSON strings.
 */

export interface EncodedString {
  /** The JSON string body (no surrounding quotes), as json.Marshal writes it. */
  encoded: string;
  /** For each offset in `encoded` (and one past its end), the offset in the decoded string. */
  toDecoded: number[];
}

function escapeChar(c: string): string | undefined {
  switch (c) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '<':
    case '>':
    case '&':
    case '\u2028':
    case '\u2029':
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
  const code = c.charCodeAt(0);
  if (c.length === 1 && code < 0x20) return `\\u${code.toString(16).padStart(4, '0')}`;
  if (c.length === 1 && code >= 0xd800 && code <= 0xdfff) return '\\ufffd';
  return undefined;
}

/** json.Marshal's encoding of a string (with HTML escaping, as encoding/json does by default). */
export function encodeGoJsonString(s: string): EncodedString {
  let encoded = '';
  const toDecoded: number[] = [];
  let i = 0;
  for (const c of s) {
    const piece = escapeChar(c) ?? c;
    for (let k = 0; k < piece.length; k++) toDecoded.push(i);
    encoded += piece;
    i += c.length;
  }
  toDecoded.push(s.length);
  return { encoded, toDecoded };
}

export class JsonDecodeError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

const SIMPLE: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Go's quoting of a character in json errors: `'\n'`, `'x'`. */
function charQuote(c: string): string {
  const q = JSON.stringify(c).slice(1, -1).replace(/'/g, "\\'");
  return `'${q}'`;
}

/** Decodes a rendered JSON string body; throws a JsonDecodeError at the first character Go's decoder rejects. */
export function decodeJsonStringBody(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') throw new JsonDecodeError(i, `invalid character ${charQuote(body[i + 1] ?? '"')} after the end of the string: the rendered text has an unescaped '"'`);
    if (c.charCodeAt(0) < 0x20) throw new JsonDecodeError(i, `invalid character ${charQuote(c)} in string literal`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[i + 1];
    if (e !== undefined && e in SIMPLE) {
      out += SIMPLE[e];
      i++;
    } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      throw new JsonDecodeError(i, `invalid character ${charQuote(e ?? '\\')} in string escape code`);
    }
  }
  return out;
}

/** A string value inside a marshalled document: where its body is, and the path to it. */
export interface StringSegment {
  /** Offset of the body's first character in the document text. */
  start: number;
  end: number;
  path: string;
  toDecoded: number[];
}

export interface MarshalledDocument {
  text: string;
  strings: StringSegment[];
}

function pathKey(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** json.Marshal of a plain JSON value (object keys in their order), recording every string's place. */
export function marshalGoJson(value: unknown): MarshalledDocument {
  const strings: StringSegment[] = [];
  let text = '';
  const emitString = (s: string, path: string | null): void => {
    const enc = encodeGoJsonString(s);
    text += '"';
    if (path !== null) strings.push({ start: text.length, end: text.length + enc.encoded.length, path, toDecoded: enc.toDecoded });
    text += enc.encoded + '"';
  };
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') emitString(v, path);
    else if (typeof v === 'number') text += Number.isFinite(v) ? String(v) : 'null';
    else if (typeof v === 'boolean') text += String(v);
    else if (v === null || v === undefined) text += 'null';
    else if (Array.isArray(v)) {
      text += '[';
      v.forEach((e, i) => {
        if (i > 0) text += ',';
        walk(e, `${path}[${i}]`);
      });
      text += ']';
    } else if (typeof v === 'object') {
      text += '{';
      Object.entries(v as Record<string, unknown>)
        .filter(([, e]) => e !== undefined)
        .forEach(([k, e], i) => {
          if (i > 0) text += ',';
          emitString(k, null);
          text += ':';
          walk(e, pathKey(path, k));
        });
      text += '}';
    } else text += 'null';
  };
  walk(value, '');
  return { text, strings };
}

/** The string at a document offset: its path and the offset in its decoded value. */
export function locateInDocument(doc: MarshalledDocument, offset: number): { path: string; offset: number; value: number } | undefined {
  for (let i = 0; i < doc.strings.length; i++) {
    const s = doc.strings[i];
    if (offset >= s.start && offset <= s.end) return { path: s.path, offset: s.toDecoded[offset - s.start], value: i };
  }
  return undefined;
}
