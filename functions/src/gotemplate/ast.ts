/**
 * Parse tree of a Go text/template, shaped like Go's text/template/parse nodes. Every node has
 * `pos`, the offset of its first character in the template text.
 */

export interface TextNode {
  kind: 'text';
  pos: number;
  text: string;
}

export interface CommentNode {
  kind: 'comment';
  pos: number;
  text: string;
}

/** `{{ pipeline }}`: prints the pipeline's value unless it declares variables. */
export interface ActionNode {
  kind: 'action';
  pos: number;
  /** Offset of the `{{` that opened the action. */
  delimPos: number;
  pipe: PipeNode;
}

export interface IfNode {
  kind: 'if';
  pos: number;
  delimPos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}

export interface WithNode {
  kind: 'with';
  pos: number;
  delimPos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}

export interface RangeNode {
  kind: 'range';
  pos: number;
  delimPos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}

export interface BreakNode {
  kind: 'break';
  pos: number;
}

export interface ContinueNode {
  kind: 'continue';
  pos: number;
}

export type Node = TextNode | CommentNode | ActionNode | IfNode | WithNode | RangeNode | BreakNode | ContinueNode;

export interface ListNode {
  pos: number;
  nodes: Node[];
}

/** `$x := cmd | cmd`, also used for parenthesised pipelines. */
export interface PipeNode {
  kind: 'pipe';
  pos: number;
  /** Offset just past the pipeline's last character (before `}}` or `)`). */
  end: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}

export interface CommandNode {
  kind: 'command';
  pos: number;
  args: ArgNode[];
}

/** `.A.B.C`: ident = ['A', 'B', 'C']. */
export interface FieldNode {
  kind: 'field';
  pos: number;
  ident: string[];
}

/** `$x.A.B`: ident = ['$x', 'A', 'B']. */
export interface VariableNode {
  kind: 'variable';
  pos: number;
  ident: string[];
}

/** `(pipeline).A.B`. */
export interface ChainNode {
  kind: 'chain';
  pos: number;
  node: ArgNode;
  fields: string[];
}

export interface IdentifierNode {
  kind: 'identifier';
  pos: number;
  name: string;
}

export interface DotNode {
  kind: 'dot';
  pos: number;
}

export interface NilNode {
  kind: 'nil';
  pos: number;
}

export interface BoolNode {
  kind: 'bool';
  pos: number;
  value: boolean;
}

export interface NumberNode {
  kind: 'number';
  pos: number;
  /** The literal as written. */
  text: string;
  isInt: boolean;
  isFloat: boolean;
  /** A character constant such as 'a' (an int). */
  isRune: boolean;
  value: number;
}

export interface StringNode {
  kind: 'string';
  pos: number;
  /** The literal as written, quotes included. */
  quoted: string;
  value: string;
  raw: boolean;
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export interface Template {
  text: string;
  root: ListNode;
}

/** The source form of an argument, as Go prints it in error contexts (`<.Spec.Model.Name>`). */
export function argString(n: ArgNode): string {
  switch (n.kind) {
    case 'field':
      return '.' + n.ident.join('.');
    case 'variable':
      return n.ident.join('.');
    case 'chain':
      return (n.node.kind === 'pipe' ? `(${pipeString(n.node)})` : argString(n.node)) + '.' + n.fields.join('.');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'pipe':
      return `(${pipeString(n)})`;
  }
}

export function commandString(c: CommandNode): string {
  return c.args.map(argString).join(' ');
}

export function pipeString(p: PipeNode): string {
  const decl = p.decl.length > 0 ? `${p.decl.map((v) => v.ident.join('.')).join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(commandString).join(' | ');
}
