/**
 * Executes a parsed template as Go's text/template/exec.go does, with missingkey=error: walks the
 * tree, evaluates pipelines (the previous command's value is the next one's last argument),
 * fields, variables, function calls (`and`/`or` short-circuit), `if`/`else if`/`else`, `with`,
 * `range` over slices, maps (sorted keys) and integers, `break`/`continue`, and prints values.
 * See types.ts for how fields resolve (struct fields, nil pointers, map keys).
 */
import { argString, commandString, type ArgNode, type CommandNode, type ListNode, type Node, type PipeNode, type Template } from './ast';
import { TemplateFailure } from './errors';
import { ArgError, CallError, checkArity, type FuncDef } from './functions';
import { suggestion } from './names';
import { ANY, fieldNames, findField, zeroValue, type FieldInfo, type GoType } from './types';
import { NO_VALUE, isObject, plain, printValue, truth, typeName, type Value } from './values';

const MISSING: Value = { v: Symbol('missing'), t: ANY, ptr: false };

class BreakSignal {}
class ContinueSignal {}

const FLOAT: GoType = { kind: 'scalar', name: 'float64', scalar: 'float' };
const INT: GoType = { kind: 'scalar', name: 'int', scalar: 'int' };
const BOOL: GoType = { kind: 'scalar', name: 'bool', scalar: 'bool' };
const STRING: GoType = { kind: 'scalar', name: 'string', scalar: 'string' };

/** A piece of output and where it came from: a text node (char i is at pos + i) or an action (at its `{{`). */
export interface Chunk {
  text: string;
  pos: number;
  literal: boolean;
}

/** The template offset that produced output index `i`. */
export function sourceOffset(chunks: readonly Chunk[], i: number): number {
  let at = 0;
  for (const c of chunks) {
    if (i < at + c.text.length) return c.literal ? c.pos + (i - at) : c.pos;
    at += c.text.length;
  }
  return chunks.length > 0 ? chunks[chunks.length - 1].pos : 0;
}

export class Executor {
  readonly chunks: Chunk[] = [];
  private vars: { name: string; value: Value }[] = [];

  constructor(
    private readonly funcs: ReadonlyMap<string, FuncDef>,
  ) {}

  run(tmpl: Template, root: Value): string {
    this.vars = [{ name: '$', value: root }];
    this.walk(root, tmpl.root);
    return this.chunks.map((c) => c.text).join('');
  }

  private fail(pos: number, message: string, context: string): never {
    throw new TemplateFailure('exec', pos, message, context);
  }

  private walkList(dot: Value, list: ListNode): void {
    for (const n of list.nodes) this.walk(dot, n);
  }

  private walk(dot: Value, node: Node | ListNode): void {
    if (!('kind' in node)) return this.walkList(dot, node);
    switch (node.kind) {
      case 'text':
        this.chunks.push({ text: node.text, pos: node.pos, literal: true });
        return;
      case 'comment':
        return;
      case 'action': {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.chunks.push({ text: printValue(v), pos: node.delimPos, literal: false });
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, node.pipe);
        if (truth(v)) this.walkList(node.kind === 'with' ? v : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        return this.walkRange(dot, node.pipe, node.list, node.elseList);
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }

  private walkRange(dot: Value, pipe: PipeNode, list: ListNode, elseList: ListNode | null): void {
    const mark = this.vars.length;
    // Declared variables are pushed by evalPipeline; for range they receive index and element.
    const val = this.evalPipeline(dot, pipe);
    const bodyMark = this.vars.length;
    const iterations: [Value, Value][] = [];
    const v = val.v;
    if (Array.isArray(v)) {
      const elem = val.t.kind === 'list' ? val.t.elem : ANY;
      v.forEach((e, i) => iterations.push([plain(i, INT), plain(e, elem)]));
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      if (pipe.decl.length > 1) this.fail(pipe.pos, `can't use ${v} to iterate over more than one variable`, argString(pipe));
      for (let i = 0; i < v; i++) iterations.push([NO_VALUE, plain(i, val.t)]);
    } else if (isObject(v) && val.t.kind !== 'struct') {
      const elem = val.t.kind === 'map' ? val.t.elem : ANY;
      for (const k of Object.keys(v).sort()) iterations.push([plain(k, STRING), plain(v[k], elem)]);
    } else if (v !== null && v !== undefined) {
      this.fail(pipe.pos, `range can't iterate over ${printValue(val)}`, argString(pipe));
    }
    try {
      for (const [index, elem] of iterations) {
        if (pipe.decl.length === 1) this.setVar(pipe.decl[0].ident[0], elem, pipe.isAssign, bodyMark);
        if (pipe.decl.length === 2) {
          this.setVar(pipe.decl[0].ident[0], index, pipe.isAssign, bodyMark);
          this.setVar(pipe.decl[1].ident[0], elem, pipe.isAssign, bodyMark);
        }
        try {
          this.walkList(elem, list);
        } catch (e) {
          if (!(e instanceof ContinueSignal)) throw e;
        } finally {
          this.vars.length = bodyMark;
        }
      }
    } catch (e) {
      if (!(e instanceof BreakSignal)) throw e;
    }
    if (iterations.length === 0 && elseList) this.walkList(dot, elseList);
    this.vars.length = mark;
  }

  /** Sets a range variable: the declared one (top of the stack at `mark`), or the assigned outer one. */
  private setVar(name: string, value: Value, assign: boolean, mark: number): void {
    for (let i = (assign ? this.vars.length : mark) - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
  }

  private varValue(name: string, pos: number): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    return this.fail(pos, `undefined variable: ${name}`, name);
  }

  private evalPipeline(dot: Value, pipe: PipeNode): Value {
    let value = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.ident[0], value, true, this.vars.length);
      else this.vars.push({ name: d.ident[0], value });
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[], final: Value, pos: number): void {
    if (args.length > 1 || final !== MISSING) this.fail(pos, `can't give argument to non-function ${argString(args[0])}`, argString(args[0]));
  }

  private evalCommand(dot: Value, cmd: CommandNode, final: Value): Value {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field':
        return this.evalFieldChain(dot, first, first.ident, cmd.args, final);
      case 'chain':
        return this.evalFieldChain(this.evalArg(dot, first.node), first, first.fields, cmd.args, final);
      case 'variable': {
        const value = this.varValue(first.ident[0], first.pos);
        if (first.ident.length === 1) {
          this.notAFunction(cmd.args, final, first.pos);
          return value;
        }
        return this.evalFieldChain(value, first, first.ident.slice(1), cmd.args, final);
      }
      case 'identifier':
        return this.evalFunction(dot, first.name, cmd, final);
      case 'pipe':
        this.notAFunction(cmd.args, final, first.pos);
        return this.evalPipeline(dot, first);
    }
    this.notAFunction(cmd.args, final, first.pos);
    switch (first.kind) {
      case 'bool':
        return plain(first.value, BOOL);
      case 'dot':
        return dot;
      case 'nil':
        return this.fail(first.pos, 'nil is not a command', 'nil');
      case 'number':
        return this.numberValue(first);
      case 'string':
        return plain(first.value, STRING);
    }
  }

  private numberValue(n: ArgNode & { kind: 'number' }): Value {
    const isFloat = n.isFloat && !n.isRune && !/^[+-]?0[xX]/.test(n.text) && /[.eEpP]/.test(n.text);
    return plain(n.value, isFloat ? FLOAT : INT);
  }

  private evalArg(dot: Value, n: ArgNode): Value {
    switch (n.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return plain(null);
      case 'field':
        return this.evalFieldChain(dot, n, n.ident, [n], MISSING);
      case 'variable': {
        const value = this.varValue(n.ident[0], n.pos);
        return n.ident.length === 1 ? value : this.evalFieldChain(value, n, n.ident.slice(1), [n], MISSING);
      }
      case 'pipe':
        return this.evalPipeline(dot, n);
      case 'identifier':
        return this.evalFunction(dot, n.name, { kind: 'command', pos: n.pos, args: [n] }, MISSING);
      case 'chain':
        return this.evalFieldChain(this.evalArg(dot, n.node), n, n.fields, [n], MISSING);
      case 'bool':
        return plain(n.value, BOOL);
      case 'number':
        return { ...this.numberValue(n), lit: true };
      case 'string':
        return { ...plain(n.value, STRING), lit: true };
    }
  }

  private evalFieldChain(receiver: Value, node: ArgNode, ident: readonly string[], args: readonly ArgNode[], final: Value): Value {
    let r = receiver;
    for (let i = 0; i < ident.length; i++) {
      const last = i === ident.length - 1;
      r = this.evalField(r, ident[i], node, last && (args.length > 1 || final !== MISSING));
    }
    return r;
  }

  /** Field `name` of `receiver` (a struct field or a map key). */
  private evalField(receiver: Value, name: string, node: ArgNode, hasArgs: boolean): Value {
    const ctx = argString(node);
    if (receiver.v === undefined) this.fail(node.pos, `nil data; no entry for key ${JSON.stringify(name)}`, ctx);
    const t = receiver.t;
    const v = receiver.v;
    if (t.kind === 'struct' || (t.kind === 'any' && isObject(v)) || (t.kind === 'any' && v === null)) {
      if (t.kind === 'struct') {
        const match = findField(t, name);
        if (!match || (!match.exact && match.path[match.path.length - 1].certain)) {
          if (!t.open || match) this.fail(node.pos, `can't evaluate field ${name} in type ${receiver.ptr ? '*' : ''}${t.name}${suggestion(name, fieldNames(t))}`, ctx);
        }
        if (v === null) this.fail(node.pos, `nil pointer evaluating *${t.name}.${name}`, ctx);
        if (hasArgs) this.fail(node.pos, `${name} has arguments but cannot be invoked as function`, ctx);
        if (match) return this.walkFields(v, match.path);
        return this.untypedField(v, name);
      }
      if (v === null) this.fail(node.pos, `nil pointer evaluating interface {}.${name}`, ctx);
      if (hasArgs) this.fail(node.pos, `${name} has arguments but cannot be invoked as function`, ctx);
      return this.untypedField(v, name);
    }
    if (t.kind === 'map') {
      if (hasArgs) this.fail(node.pos, `${name} is not a method but has arguments`, ctx);
      if (isObject(v) && Object.prototype.hasOwnProperty.call(v, name)) return plain(v[name], t.elem);
      return this.fail(node.pos, `map has no entry for key ${JSON.stringify(name)}`, ctx);
    }
    if (receiver.ptr && v === null) this.fail(node.pos, `nil pointer evaluating ${typeName(receiver)}.${name}`, ctx);
    return this.fail(node.pos, `can't evaluate field ${name} in type ${typeName(receiver)}`, ctx);
  }

  /** Walks the fields of a match (more than one for promoted fields); absent fields have their zero value. */
  private walkFields(obj: unknown, path: readonly FieldInfo[]): Value {
    let cur: unknown = obj;
    let value: Value = NO_VALUE;
    for (const f of path) {
      if (!isObject(cur)) return { v: null, t: f.type, ptr: f.pointer };
      const raw = f.jsonKey === null ? cur : cur[f.jsonKey];
      const v = raw === undefined ? zeroValue(f) : raw;
      value = { v, t: f.type, ptr: f.pointer && v !== undefined };
      cur = v;
    }
    return value;
  }

  /** A field of an object of unknown type: the key whose name matches case-insensitively, nil when absent. */
  private untypedField(obj: unknown, name: string): Value {
    if (!isObject(obj)) return plain(null);
    if (Object.prototype.hasOwnProperty.call(obj, name)) return plain(obj[name]);
    const lower = name.toLowerCase();
    const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
    return plain(key === undefined ? null : obj[key]);
  }

  private evalFunction(dot: Value, name: string, cmd: CommandNode, final: Value): Value {
    const fn = this.funcs.get(name);
    const ctx = commandString(cmd);
    if (!fn) return this.fail(cmd.pos, `${JSON.stringify(name)} is not a defined function`, ctx);
    const argNodes = cmd.args.slice(1);
    const count = argNodes.length + (final === MISSING ? 0 : 1);
    const arityError = checkArity(name, fn.arity, count);
    if (arityError) this.fail(cmd.args[0].pos, arityError, name);
    if (name === 'and' || name === 'or') {
      let v = NO_VALUE;
      for (const a of argNodes) {
        v = this.evalArg(dot, a);
        if (truth(v) === (name === 'or')) return v;
      }
      return final === MISSING ? v : final;
    }
    const args = argNodes.map((a) => this.evalArg(dot, a));
    if (final !== MISSING) args.push(final);
    try {
      return fn.call(args);
    } catch (e) {
      if (e instanceof ArgError) this.fail(cmd.pos, e.message, ctx);
      if (e instanceof CallError) this.fail(cmd.pos, `error calling ${name}: ${e.message}`, ctx);
      if (e instanceof TemplateFailure) throw e;
      return this.fail(cmd.pos, `error calling ${name}: ${(e as Error).message}`, ctx);
    }
  }
}

