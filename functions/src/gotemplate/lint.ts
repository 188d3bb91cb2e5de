/**
 * Static checks of a config string's Go template, before KServe executes it:
 *
 * - syntax, as Go parses it (closed actions and comments, `if`/`else`/`range`/`with`/`end`
 *   nesting, trim markers, literals, declared variables), and as KServe parses it: the JSON-encoded
 *   text (a `"` or a line break inside an action breaks it);
 * - functions: only Go's builtins and KServe's (`ChildName`, `kvTransferConfig`,
 *   `shutdownTimeout`), with the right number of arguments;
 * - field chains rooted at the data (`.Spec...`, `.ObjectMeta...`, `.GlobalConfig...`, `$.X`):
 *   every field must exist in the Go type (see types.ts; `.Spec` is checked against the CRD schema
 *   given as `specSchema`), a map key is a warning (a missing key fails the reconcile), a field of
 *   a list or a scalar is an error. Chains on `.` inside `with`/`range` and on variables are not
 *   checked;
 * - comparisons and `print`s of optional (pointer) fields, which Go does not dereference.
 */
import { argString, type ArgNode, type CommandNode, type ListNode, type Node, type PipeNode, type Template } from './ast';
import { BUILTINS } from './builtins';
import { TemplateFailure, lineAt } from './errors';
import { checkArity } from './functions';
import { encodeGoJsonString } from './json-embed';
import { KSERVE_FUNCS } from './kserve-funcs';
import { suggestion } from './names';
import { parseTemplate } from './parser';
import { GLOBAL_CONFIG_TYPE, OBJECT_META_DOCUMENTED, rootType } from './data';
import type { Embedding } from './render';
import { fieldNames, findField, type FieldInfo, type GoType, type JsonSchema, type StructType } from './types';

export interface TemplateFinding {
  severity: 'error' | 'warning';
  /** Offset in the linted text. */
  offset: number;
  /** 1-based line in the linted text. */
  line: number;
  message: string;
}

export interface LintOptions {
  /** The CRD's schema of `spec` (see specSchemaFromCrd). Without it `.Spec` is checked against KServe's known fields only. */
  specSchema?: JsonSchema;
  /** `kserve-json` (default): the text is a config string, which KServe executes JSON-encoded. */
  embedding?: Embedding;
  /** Names of functions available besides Go's builtins and KServe's three. */
  functions?: readonly string[];
  /** The KServe functions the controller release has (default all three: ChildName, kvTransferConfig, shutdownTimeout). */
  kserveFunctions?: readonly string[];
  /** The `.GlobalConfig` fields the controller release has (default all). */
  globalConfigFields?: readonly string[];
  /** Why a function or `.GlobalConfig` field is missing from this release ("kvTransferConfig exists from KServe v0.20.0"), for the message. */
  missingNote?: (kind: 'function' | 'field', name: string) => string | undefined;
}

const DATA_ROOTS: readonly string[] = ['Spec', 'ObjectMeta', 'GlobalConfig'];
const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const PRINTERS: ReadonlySet<string> = new Set(['print', 'printf', 'println', 'html', 'js', 'urlquery']);

const TRIM_HINT = ' (a trim marker needs white space on its inner side: `{{- ` and ` -}}`)';
const COMMENT_HINT = ' (a comment must touch the delimiters: `{{/* ... */}}` or `{{- /* ... */ -}}`)';
const JSON_HINT =
  ' (KServe executes the JSON-encoded config, where a `"` inside {{ }} arrives as `\\"` and a line break as `\\n`: write string literals as raw strings `...` and keep each action on one line)';

function syntaxHint(message: string, text: string, offset: number): string {
  if (/^bad number syntax: "-|^bad character U\+002D|^illegal number syntax: "-/.test(message)) return TRIM_HINT;
  if (/"\/"|"\*"/.test(message) || text.slice(Math.max(0, offset - 3), offset + 3).includes('/*')) return COMMENT_HINT;
  return '';
}

class Linter {
  readonly findings: TemplateFinding[] = [];
  private readonly functions: ReadonlySet<string>;
  private readonly root: StructType;
  private readonly missingNote: NonNullable<LintOptions['missingNote']>;

  constructor(
    private readonly text: string,
    options: LintOptions,
  ) {
    this.functions = new Set([...Object.keys(BUILTINS), ...(options.kserveFunctions ?? Object.keys(KSERVE_FUNCS)), ...(options.functions ?? [])]);
    this.root = rootType(options.specSchema, options.globalConfigFields);
    this.missingNote = options.missingNote ?? (() => undefined);
  }

  add(severity: TemplateFinding['severity'], offset: number, message: string): void {
    this.findings.push({ severity, offset, line: lineAt(this.text, offset), message });
  }

  walkList(list: ListNode, dotIsRoot: boolean): void {
    for (const n of list.nodes) this.walk(n, dotIsRoot);
  }

  private walk(n: Node, dotIsRoot: boolean): void {
    switch (n.kind) {
      case 'action':
        this.pipe(n.pipe, dotIsRoot);
        return;
      case 'if':
        this.pipe(n.pipe, dotIsRoot);
        this.walkList(n.list, dotIsRoot);
        if (n.elseList) this.walkList(n.elseList, dotIsRoot);
        return;
      case 'with':
      case 'range':
        this.pipe(n.pipe, dotIsRoot);
        this.walkList(n.list, false);
        if (n.elseList) this.walkList(n.elseList, dotIsRoot);
        return;
      default:
        return;
    }
  }

  private pipe(p: PipeNode, dotIsRoot: boolean): void {
    p.cmds.forEach((c, i) => this.command(c, dotIsRoot, i > 0));
  }

  private command(c: CommandNode, dotIsRoot: boolean, piped: boolean): void {
    const [first, ...rest] = c.args;
    if (first.kind === 'identifier') this.call(first.name, first.pos, rest, dotIsRoot, piped);
    for (const a of c.args) this.arg(a, dotIsRoot);
  }

  private call(name: string, pos: number, args: readonly ArgNode[], dotIsRoot: boolean, piped: boolean): void {
    if (!this.functions.has(name)) {
      const note = this.missingNote('function', name);
      this.add('error', pos, `function ${JSON.stringify(name)} not defined${note ? ` (${note})` : suggestion(name, [...this.functions])}`);
      return;
    }
    const def = BUILTINS[name] ?? KSERVE_FUNCS[name];
    const arity = checkArity(name, def?.arity, args.length + (piped ? 1 : 0));
    if (arity) this.add('error', pos, arity);
    if (!COMPARISONS.has(name) && !PRINTERS.has(name)) return;
    for (const a of args) {
      const field = this.resolve(a, dotIsRoot);
      if (!field || !field.pointer || field.type.kind !== 'scalar') continue;
      const goType = `*${field.type.name}`;
      const certain = field.certain ? 'error' : 'warning';
      if (COMPARISONS.has(name)) {
        this.add(certain, a.pos, `${argString(a)} is a pointer (${goType}) in Go, and ${name} does not dereference pointers: it fails with "incompatible types for comparison"`);
      } else {
        this.add('warning', a.pos, `${argString(a)} is a pointer (${goType}) in Go: ${name} prints its address, not its value (write {{ ${argString(a)} }} instead)`);
      }
    }
  }

  private arg(a: ArgNode, dotIsRoot: boolean): void {
    if (a.kind === 'pipe') this.pipe(a, dotIsRoot);
    else if (a.kind === 'chain' && a.node.kind === 'pipe') this.pipe(a.node, dotIsRoot);
    else if ((a.kind === 'field' && dotIsRoot) || (a.kind === 'variable' && a.ident[0] === '$' && a.ident.length > 1)) this.chain(a);
  }

  /** The field an argument names, when it is a root chain that resolves. */
  private resolve(a: ArgNode, dotIsRoot: boolean): FieldInfo | undefined {
    if (a.kind === 'field' && dotIsRoot) return this.walkChain(a.ident, a.pos, '', false);
    if (a.kind === 'variable' && a.ident[0] === '$' && a.ident.length > 1) return this.walkChain(a.ident.slice(1), a.pos, '$', false);
    return undefined;
  }

  private chain(a: ArgNode & { kind: 'field' | 'variable' }): void {
    if (a.kind === 'field') this.walkChain(a.ident, a.pos, '', true);
    else this.walkChain(a.ident.slice(1), a.pos, '$', true);
  }

  /** Walks a chain from the data root; reports problems when `report`; returns the last field when every step resolved. */
  private walkChain(ident: readonly string[], pos: number, prefix: string, report: boolean): FieldInfo | undefined {
    let t: GoType = this.root;
    let last: FieldInfo | undefined;
    let path = prefix;
    const problem = (severity: TemplateFinding['severity'], message: string): undefined => {
      if (report) this.add(severity, pos, message);
      return undefined;
    };
    for (let i = 0; i < ident.length; i++) {
      const name = ident[i];
      path += `.${name}`;
      switch (t.kind) {
        case 'any':
          return undefined;
        case 'struct': {
          const match = findField(t, name);
          if (!match) {
            if (t.open) return undefined;
            const note = t.name === GLOBAL_CONFIG_TYPE.name ? this.missingNote('field', name) : undefined;
            return problem('error', `${path}: can't evaluate field ${name} in type ${t.name}${note ? ` (${note})` : suggestion(name, fieldNames(t))}`);
          }
          const field = match.path[match.path.length - 1];
          if (!match.exact) {
            if (field.certain) return problem('error', `${path}: can't evaluate field ${name} in type ${t.name}${suggestion(name, fieldNames(t))}`);
            problem('warning', `${path}: Go's field name is probably ${JSON.stringify(field.goName)} (JSON ${JSON.stringify(field.jsonKey)}); Go field names are case-sensitive`);
          }
          if (i === 0 && t === this.root && !DATA_ROOTS.includes(field.goName)) {
            const promoted = match.path.length > 2 && match.path[1].goName === 'ObjectMeta';
            problem('warning', promoted
              ? `${path}: works (promoted from the service's ObjectMeta), but KServe's configs write .ObjectMeta.${field.goName}`
              : `${path}: not one of .Spec, .ObjectMeta, .GlobalConfig, the data KServe's configs rely on`);
          }
          if (t.name === 'v1.ObjectMeta' && !OBJECT_META_DOCUMENTED.includes(field.goName)) {
            problem('warning', `${path}: set by the API server; the admission webhook's sample service has none, so its value there differs from the real service's`);
          }
          last = field;
          t = field.type;
          break;
        }
        case 'map':
          problem('warning', `${path}: a map key; if the map has no key ${JSON.stringify(name)} the reconcile fails (missingkey=error); (index ${path.slice(0, -name.length - 1) || '.'} \`${name}\`) gives "" instead`);
          last = undefined;
          t = t.elem;
          break;
        case 'list':
          return problem('error', `${path}: can't evaluate field ${name} in type ${t.name} (a list: use index or range)`);
        case 'scalar':
          return problem('error', `${path}: can't evaluate field ${name} in type ${last?.pointer ? '*' : ''}${t.name}`);
      }
    }
    return last;
  }
}

function parseOrReport(linter: Linter, text: string, mapOffset: (o: number) => number, hint: (m: string, o: number) => string): Template | undefined {
  try {
    return parseTemplate(text, { functions: 'any' });
  } catch (e) {
    if (!(e instanceof TemplateFailure)) throw e;
    const offset = mapOffset(e.offset);
    linter.add('error', offset, e.message + hint(e.message, offset));
    return undefined;
  }
}

/** Checks a template (by default: one string of a KServe config) and returns what is wrong with it. */
export function lintTemplate(text: string, options: LintOptions = {}): TemplateFinding[] {
  const linter = new Linter(text, options);
  const tmpl = parseOrReport(linter, text, (o) => o, (m, o) => syntaxHint(m, text, o));
  if (!tmpl) return linter.findings;
  if ((options.embedding ?? 'kserve-json') === 'kserve-json') {
    const { encoded, toDecoded } = encodeGoJsonString(text);
    parseOrReport(linter, encoded, (o) => toDecoded[Math.min(o, toDecoded.length - 1)], () => JSON_HINT);
    literalsChangedByJson(tmpl.root, linter);
  }
  linter.walkList(tmpl.root, true);
  return linter.findings.sort((a, b) => a.offset - b.offset);
}

/** String literals holding < > &: json.Marshal writes them \u003c \u003e \u0026 and the template sees that text. */
function literalsChangedByJson(list: ListNode, linter: Linter): void {
  const visitArg = (a: ArgNode): void => {
    if (a.kind === 'string' && /[<>&\u2028\u2029]/.test(a.value)) {
      linter.add('warning', a.pos, `${a.quoted}: KServe executes the JSON-encoded config, where json.Marshal writes < > & as \\u003c \\u003e \\u0026: printed, the literal comes out as written, but eq, len, index and slice see the escaped text`);
    } else if (a.kind === 'pipe') visitPipe(a);
    else if (a.kind === 'chain') visitArg(a.node);
  };
  const visitPipe = (p: PipeNode): void => p.cmds.forEach((c) => c.args.forEach(visitArg));
  const visit = (n: Node): void => {
    if (n.kind === 'action') visitPipe(n.pipe);
    else if (n.kind === 'if' || n.kind === 'with' || n.kind === 'range') {
      visitPipe(n.pipe);
      n.list.nodes.forEach(visit);
      n.elseList?.nodes.forEach(visit);
    }
  };
  list.nodes.forEach(visit);
}
