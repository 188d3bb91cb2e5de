/**
 * Parser for Go's text/template, following text/template/parse/parse.go: the same grammar, the
 * same parse-time checks (functions must be defined, variables declared before use, `{{break}}`
 * and `{{continue}}` only inside `{{range}}`) and messages worded like Go's. One difference: at
 * EOF inside a control structure Go says `unexpected EOF`; this parser says
 * `unexpected EOF: missing {{end}} for {{if}} at line N` and points at the `{{if}}`.
 *
 * Not supported (KServe's configs do not use them; they are a parse error here):
 * `{{define}}`, `{{template}}`, `{{block}}`, complex numbers.
 */
import type {
  ActionNode,
  ArgNode,
  CommandNode,
  ListNode,
  Node,
  PipeNode,
  Template,
  VariableNode,
} from './ast';
import { TemplateFailure, lineAt } from './errors';
import { lex, type Token, type TokenType } from './lexer';
import { parseNumber, unquoteString } from './literals';

export interface ParseOptions {
  /**
   * Names of the functions the template may call (builtins included). `'any'` accepts every
   * identifier: the linter parses that way and reports undefined functions itself, all of them.
   */
  functions: ReadonlySet<string> | 'any';
}

type Control = 'if' | 'with' | 'range';

interface EndMarker {
  kind: 'end' | 'else';
  pos: number;
}

function isEndMarker(n: Node | EndMarker): n is EndMarker {
  return n.kind === 'end' || n.kind === 'else';
}

const OPERAND_START: ReadonlySet<TokenType> = new Set<TokenType>([
  'bool',
  'charConstant',
  'complex',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

/** Go's item.String(): how a token appears in `unexpected X in Y`. */
function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (t.type === 'dot' || t.type === 'if' || t.type === 'else' || t.type === 'end' || t.type === 'range' || t.type === 'with' ||
    t.type === 'nil' || t.type === 'define' || t.type === 'template' || t.type === 'block' || t.type === 'break' || t.type === 'continue') {
    return `<${t.val}>`;
  }
  if (t.type === 'leftDelim') return JSON.stringify('{{');
  if (t.type === 'rightDelim') return JSON.stringify('}}');
  if (t.val.length > 10) return `${JSON.stringify(t.val.slice(0, 10))}...`;
  return JSON.stringify(t.val);
}

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private readonly open: { control: Control; delimPos: number }[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {}

  private fail(pos: number, message: string): never {
    throw new TemplateFailure('parse', pos, message);
  }

  private next(): Token {
    const t = this.tokens[Math.min(this.i, this.tokens.length - 1)];
    this.i++;
    return t;
  }

  private backup(): void {
    this.i--;
  }

  private peek(): Token {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)];
  }

  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private unexpected(t: Token, context: string): never {
    if (t.type === 'error') this.fail(t.val === 'unclosed action' || t.val === 'unclosed comment' ? (t.actionPos ?? t.pos) : t.pos, t.val);
    this.fail(t.pos, `unexpected ${tokenString(t)} in ${context}`);
  }

  private expect(type: TokenType, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  parse(): Template {
    const root: ListNode = { pos: 0, nodes: [] };
    while (this.peek().type !== 'eof') {
      const n = this.textOrAction();
      if (isEndMarker(n)) this.fail(n.pos, `unexpected {{${n.kind}}}`);
      root.nodes.push(n);
    }
    return { text: this.text, root };
  }

  private textOrAction(): Node | EndMarker {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'text':
        return { kind: 'text', pos: t.pos, text: t.val };
      case 'comment':
        return { kind: 'comment', pos: t.pos, text: t.val };
      case 'leftDelim':
        return this.action(t.pos);
      default:
        return this.unexpected(t, 'input');
    }
  }

  private itemList(): { list: ListNode; next: EndMarker } {
    const list: ListNode = { pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isEndMarker(n)) return { list, next: n };
      list.nodes.push(n);
    }
    const open = this.open[this.open.length - 1];
    if (open) {
      this.fail(open.delimPos, `unexpected EOF: missing {{end}} for {{${open.control}}} at line ${lineAt(this.text, open.delimPos)}`);
    }
    this.fail(this.text.length, 'unexpected EOF');
  }

  private action(delimPos: number): Node | EndMarker {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block':
      case 'define':
      case 'template':
        return this.fail(t.pos, `{{${t.val}}} is not supported`);
      case 'break':
      case 'continue':
        return this.breakOrContinue(t);
      case 'else':
        return this.elseControl(t);
      case 'end':
        this.expect('rightDelim', 'end');
        return { kind: 'end', pos: t.pos };
      case 'if':
      case 'range':
      case 'with':
        return this.control(t.type, delimPos);
    }
    this.backup();
    const pipe = this.pipeline('command', 'rightDelim');
    const node: ActionNode = { kind: 'action', pos: pipe.pos, delimPos, pipe };
    return node;
  }

  private breakOrContinue(t: Token): Node {
    const word = t.type === 'break' ? 'break' : 'continue';
    const after = this.nextNonSpace();
    if (after.type !== 'rightDelim') this.unexpected(after, `{{${word}}}`);
    if (this.rangeDepth === 0) this.fail(t.pos, `{{${word}}} outside {{range}}`);
    return { kind: word, pos: t.pos };
  }

  private elseControl(t: Token): EndMarker {
    const peek = this.peekNonSpace();
    // "{{else if ...}}" and "{{else with ...}}" are an else holding a nested if/with, closed by one {{end}}.
    if (peek.type === 'if' || peek.type === 'with') return { kind: 'else', pos: peek.pos };
    this.expect('rightDelim', 'else');
    return { kind: 'else', pos: t.pos };
  }

  private control(control: Control, delimPos: number): Node {
    const mark = this.vars.length;
    const pipe = this.pipeline(control, 'rightDelim');
    this.open.push({ control, delimPos });
    if (control === 'range') this.rangeDepth++;
    const { list, next } = this.itemList();
    if (control === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.kind === 'else') {
      const p = this.peekNonSpace();
      if ((control === 'if' && p.type === 'if') || (control === 'with' && p.type === 'with')) {
        const kw = this.nextNonSpace();
        this.open.pop();
        elseList = { pos: next.pos, nodes: [this.control(control, kw.pos)] };
        this.vars.length = mark;
        return { kind: control, pos: pipe.pos, delimPos, pipe, list, elseList };
      }
      const rest = this.itemList();
      if (rest.next.kind !== 'end') this.fail(rest.next.pos, `expected end; found {{${rest.next.kind}}}`);
      elseList = rest.list;
    }
    this.open.pop();
    this.vars.length = mark;
    return { kind: control, pos: pipe.pos, delimPos, pipe, list, elseList };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: start.pos, end: start.pos, isAssign: false, decl: [], cmds: [] };
    // Declarations: $x := ..., $x = ..., range $i, $e := ...
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      this.nextNonSpace();
      const afterVar = this.peek();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        if (pipe.isAssign) this.useVar(v);
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        break;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().type;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue;
          this.fail(v.pos, 'range can only initialize variables');
        }
        this.fail(v.pos, `too many declarations in ${context}`);
      }
      // Not a declaration: put the variable back.
      this.i = this.tokens.indexOf(v);
      void afterVar;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        pipe.end = t.pos;
        this.checkPipeline(pipe, context, t.pos);
        return pipe;
      }
      if (OPERAND_START.has(t.type)) {
        this.backup();
        pipe.cmds.push(this.command());
        continue;
      }
      this.unexpected(t, context);
    }
  }

  private checkPipeline(pipe: PipeNode, context: string, pos: number): void {
    if (pipe.cmds.length === 0) this.fail(pos, `missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0].kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.fail(c.pos, `non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail(cmd.pos, 'empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().type !== 'field') return node;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos: node.pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { kind: 'variable', pos: node.pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.fail(node.pos, `unexpected . after term ${JSON.stringify(node.kind === 'string' ? node.quoted : node.kind === 'number' ? node.text : node.kind === 'bool' ? String(node.value) : node.kind === 'nil' ? 'nil' : '.')}`);
      default:
        return { kind: 'chain', pos: node.pos, node, fields };
    }
  }

  private term(): ArgNode | null {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (this.options.functions !== 'any' && !this.options.functions.has(t.val)) {
          this.fail(t.pos, `function ${JSON.stringify(t.val)} not defined`);
        }
        return { kind: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { kind: 'dot', pos: t.pos };
      case 'nil':
        return { kind: 'nil', pos: t.pos };
      case 'variable':
        return this.useVar(t);
      case 'field':
        return { kind: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        try {
          const n = parseNumber(t.val, t.type === 'charConstant');
          return { kind: 'number', pos: t.pos, text: t.val, ...n };
        } catch (e) {
          return this.fail(t.pos, (e as Error).message);
        }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        try {
          return { kind: 'string', pos: t.pos, quoted: t.val, value: unquoteString(t.val), raw: t.type === 'rawString' };
        } catch (e) {
          return this.fail(t.pos, (e as Error).message);
        }
    }
    this.backup();
    return null;
  }

  private useVar(t: Token): VariableNode {
    if (!this.vars.includes(t.val)) this.fail(t.pos, `undefined variable ${JSON.stringify(t.val)}`);
    return { kind: 'variable', pos: t.pos, ident: [t.val] };
  }
}

/** Parses a template; throws a TemplateFailure (phase `parse`) with Go's message on the first error. */
export function parseTemplate(text: string, options: ParseOptions): Template {
  return new Parser(text, lex(text), options).parse();
}

/** The names of Go's builtin template functions. */
export const GO_BUILTINS: readonly string[] = [
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery',
  'eq', 'ge', 'gt', 'le', 'lt', 'ne',
];
