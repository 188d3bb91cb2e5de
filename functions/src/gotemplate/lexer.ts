/**
 * Lexer for Go's text/template, following the rules of Go's text/template/parse/lex.go (Go 1.22):
 * actions `{{ }}`, trim markers (`{{- ` and ` -}}`, the dash must touch the braces and be followed /
 * preceded by a space, tab, CR or LF), comments (`{{/* ... *\/}}`, the comment must touch the
 * delimiters), strings, raw strings, character constants, numbers, fields, variables, keywords.
 *
 * The lexer is eager: it returns every token up to EOF, or up to and including the first error
 * token (as Go's does, the parser reports a lexing error only when it reaches it, so an earlier
 * syntax error wins). Offsets are UTF-16 code-unit offsets into the input.
 */

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'comment'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'bool'
  | 'number'
  | 'complex'
  | 'charConstant'
  | 'string'
  | 'rawString'
  | 'char'
  | 'leftParen'
  | 'rightParen'
  | 'pipe'
  | 'declare'
  | 'assign'
  | 'eof'
  | 'error'
  // keywords
  | 'dot'
  | 'if'
  | 'else'
  | 'end'
  | 'range'
  | 'with'
  | 'nil'
  | 'define'
  | 'template'
  | 'block'
  | 'break'
  | 'continue';

export interface Token {
  type: TokenType;
  /** Offset of the token's first character (for `leftDelim` the `{{`, for `rightDelim` the `}}`). */
  pos: number;
  val: string;
  /** `leftDelim`: the action began with `{{- `; `rightDelim`: it ended with ` -}}`. */
  trim?: boolean;
  /** `error` tokens: the offset of the `{{` of the action (or comment) in which the error occurred. */
  actionPos?: number;
}

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
]);

const LEFT_DELIM = '{{';
const RIGHT_DELIM = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

/** Go's space characters for trimming and inside actions: space, tab, CR, LF. */
export function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** Letter, digit or underscore (Go's unicode.IsLetter / unicode.IsDigit). */
export function isAlphaNumeric(c: string): boolean {
  return c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length >= at + 2 && s[at] === '-' && isSpace(s[at + 1]);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length >= at + 2 && isSpace(s[at]) && s[at + 1] === '-';
}

/** Go's %#U of a character: `U+002D '-'`. */
export function goRuneString(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}

const EOF = '';

class Lexer {
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private actionPos = 0;
  readonly tokens: Token[] = [];

  constructor(private readonly input: string) {}

  run(): Token[] {
    let state: (() => boolean) | null = () => this.lexText();
    // Each state function returns true to continue in text mode, false when done.
    while (state) {
      const more = state();
      state = more ? () => this.lexText() : null;
    }
    return this.tokens;
  }

  private next(): string {
    if (this.pos >= this.input.length) return EOF;
    const cp = this.input.codePointAt(this.pos) ?? 0;
    const c = String.fromCodePoint(cp);
    this.pos += c.length;
    return c;
  }

  private peek(): string {
    if (this.pos >= this.input.length) return EOF;
    return String.fromCodePoint(this.input.codePointAt(this.pos) ?? 0);
  }

  private backup(c: string): void {
    this.pos -= c.length;
  }

  private emit(type: TokenType, extra?: Partial<Token>): void {
    this.tokens.push({ type, pos: this.start, val: this.input.slice(this.start, this.pos), ...extra });
    this.start = this.pos;
  }

  private error(message: string): false {
    this.tokens.push({ type: 'error', pos: this.start, val: message, actionPos: this.actionPos });
    return false;
  }

  /** Text up to the next `{{`, then the action; returns false at EOF or on error. */
  private lexText(): boolean {
    const x = this.input.indexOf(LEFT_DELIM, this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      this.emit('eof');
      return false;
    }
    let textEnd = x;
    if (hasLeftTrimMarker(this.input, x + LEFT_DELIM.length)) {
      while (textEnd > this.start && isSpace(this.input[textEnd - 1])) textEnd--;
    }
    if (textEnd > this.start) {
      this.pos = textEnd;
      this.emit('text');
    }
    this.pos = x;
    this.start = x;
    return this.lexLeftDelim();
  }

  private lexLeftDelim(): boolean {
    this.actionPos = this.pos;
    this.pos += LEFT_DELIM.length;
    const trim = hasLeftTrimMarker(this.input, this.pos);
    const afterMarker = trim ? 2 : 0;
    if (this.input.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.start = this.pos;
      return this.lexComment();
    }
    this.emit('leftDelim', { trim });
    this.pos += afterMarker;
    this.start = this.pos;
    this.parenDepth = 0;
    return this.lexInsideAction();
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT_DELIM, this.pos + 2)) {
      return { delim: true, trim: true };
    }
    return { delim: this.input.startsWith(RIGHT_DELIM, this.pos), trim: false };
  }

  private lexComment(): boolean {
    this.pos += LEFT_COMMENT.length;
    const x = this.input.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) return this.error('unclosed comment');
    this.pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.error('comment ends before closing delimiter');
    this.emit('comment');
    if (trim) this.pos += 2;
    this.pos += RIGHT_DELIM.length;
    if (trim) while (this.pos < this.input.length && isSpace(this.input[this.pos])) this.pos++;
    this.start = this.pos;
    return true;
  }

  private lexRightDelim(): boolean {
    const { trim } = this.atRightDelim();
    if (trim) {
      this.pos += 2;
      this.start = this.pos;
    }
    this.pos += RIGHT_DELIM.length;
    this.emit('rightDelim', { trim });
    if (trim) {
      while (this.pos < this.input.length && isSpace(this.input[this.pos])) this.pos++;
      this.start = this.pos;
    }
    return true;
  }

  private lexInsideAction(): boolean {
    for (;;) {
      const { delim } = this.atRightDelim();
      if (delim) {
        if (this.parenDepth === 0) return this.lexRightDelim();
        return this.error('unclosed left paren');
      }
      const r = this.next();
      if (r === EOF) return this.error('unclosed action');
      if (isSpace(r)) {
        this.backup(r);
        const toDelim = this.lexSpace();
        if (toDelim) return this.lexRightDelim();
        continue;
      }
      let ok = true;
      switch (r) {
        case '=':
          this.emit('assign');
          break;
        case ':':
          if (this.next() !== '=') return this.error('expected :=');
          this.emit('declare');
          break;
        case '|':
          this.emit('pipe');
          break;
        case '"':
          ok = this.lexQuote();
          break;
        case '`':
          ok = this.lexRawQuote();
          break;
        case '$':
          ok = this.lexVariable();
          break;
        case "'":
          ok = this.lexChar();
          break;
        case '(':
          this.parenDepth++;
          this.emit('leftParen');
          break;
        case ')':
          this.parenDepth--;
          if (this.parenDepth < 0) return this.error('unexpected right paren');
          this.emit('rightParen');
          break;
        default:
          if (r === '.') {
            const c = this.input[this.pos];
            if (this.pos < this.input.length && !(c >= '0' && c <= '9')) {
              ok = this.lexFieldOrVariable('field');
              break;
            }
          }
          if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
            this.backup(r);
            ok = this.lexNumber();
          } else if (isAlphaNumeric(r)) {
            this.backup(r);
            ok = this.lexIdentifier();
          } else if (r.length === 1 && r.charCodeAt(0) < 0x7f && r.charCodeAt(0) >= 0x20) {
            this.emit('char');
          } else {
            return this.error(`unrecognized character in action: ${goRuneString(r)}`);
          }
      }
      if (!ok) return false;
    }
  }

  /** A run of spaces; returns true when the run ends in the ` -}}` of a trim-marked delimiter reached directly. */
  private lexSpace(): boolean {
    let numSpaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      numSpaces++;
    }
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(RIGHT_DELIM, this.pos + 1)) {
      this.pos--; // before the space of " -}}"
      if (numSpaces === 1) return true;
    }
    this.emit('space');
    return false;
  }

  private atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
    }
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  private lexIdentifier(): boolean {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backup(r);
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.error(`bad character ${goRuneString(r)}`);
      const keyword = KEYWORDS.get(word);
      if (keyword) this.emit(keyword);
      else if (word === 'true' || word === 'false') this.emit('bool');
      else this.emit('identifier');
      return true;
    }
  }

  private lexVariable(): boolean {
    if (this.atTerminator()) {
      this.emit('variable');
      return true;
    }
    return this.lexFieldOrVariable('variable');
  }

  /** `.Name` or `$name`; the `.` or `$` has been read. */
  private lexFieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    let r: string;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup(r);
        break;
      }
    }
    if (!this.atTerminator()) return this.error(`bad character ${goRuneString(r)}`);
    this.emit(type);
    return true;
  }

  private lexChar(): boolean {
    for (;;) {
      const r = this.next();
      if (r === '\\') {
        const e = this.next();
        if (e !== EOF && e !== '\n') continue;
        return this.error('unterminated character constant');
      }
      if (r === EOF || r === '\n') return this.error('unterminated character constant');
      if (r === "'") break;
    }
    this.emit('charConstant');
    return true;
  }

  private lexNumber(): boolean {
    if (!this.scanNumber()) return this.error(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.error(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
      }
      this.emit('complex');
      return true;
    }
    this.emit('number');
    return true;
  }

  private accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(r)) return true;
    this.backup(r);
    return false;
  }

  private acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(r)) {
        this.backup(r);
        return;
      }
    }
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  private lexQuote(): boolean {
    for (;;) {
      const r = this.next();
      if (r === '\\') {
        const e = this.next();
        if (e !== EOF && e !== '\n') continue;
        return this.error('unterminated quoted string');
      }
      if (r === EOF || r === '\n') return this.error('unterminated quoted string');
      if (r === '"') break;
    }
    this.emit('string');
    return true;
  }

  private lexRawQuote(): boolean {
    for (;;) {
      const r = this.next();
      if (r === EOF) return this.error('unterminated raw quoted string');
      if (r === '`') break;
    }
    this.emit('rawString');
    return true;
  }
}

/** All tokens of a template: ends with an `eof` token, or with the first `error` token. */
export function lex(input: string): Token[] {
  return new Lexer(input).run();
}
