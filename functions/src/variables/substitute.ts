/**
 * Fills declared variables into a string, with the semantics that bash and Flux share, and
 * writes each value so that it stays data where it lands (`Landing`: Go template text, a
 * container env value the kubelet expands, shell text a script evals):
 * - `${NAME}` is the value; `${NAME:-d}` and `${NAME:=d}` are the value, or `d` when the value
 *   is empty or there is none (as bash and Flux both do). Any other form of a declared name
 *   (`${NAME-d}`, `${NAME=d}`, `${NAME:+x}`, `${#NAME}`, `${NAME:1}`, ...) is a problem: bash and
 *   Flux disagree on it, or this function does not model it.
 * - A declared name is filled wherever Flux would read it as a reference: at top level (where
 *   `$$` is a pair) and inside the default of any reference, declared or not (where `$$` is no
 *   escape), so that `${NCCL_IB_HCA:-${HCA}}` gives `${NCCL_IB_HCA:-mlx5_2}`.
 * - Undeclared references stay byte for byte; near misses of a declared name are a problem
 *   (did you mean) where `suggest` is set.
 * - deferToFlux names stay as references for Flux, with what can be filled here filled in their
 *   default (`${IMAGE_TAG:-${DEFAULT_TAG}}` gives `${IMAGE_TAG:-v0.9.0}`). Flux reads a default up
 *   to the first `}` and has no escape in it, so what goes there must hold no `$` or `}`.
 */
import { describeReference, references, type Reference } from './references';
import { insideAction, templateLiteral } from './template-text';
import { shellQuote } from '../filters/shell-quote';

export interface VariableValues {
  /** Declared names with a value. */
  values: ReadonlyMap<string, string>;
  /** Declared names without a value (their references use the inline default, else ""). */
  unset: ReadonlySet<string>;
  /** Declared names left as they are, for Flux. */
  deferred: ReadonlySet<string>;
}

/** Where the text goes after this function, and so how a value must be written into it. */
export interface Landing {
  /** Go template text that KServe executes: `{{` in a value is written as a raw-string action. */
  template: boolean;
  /** Shell text that a script evals: a value becomes one shell-quoted word. */
  shell: boolean;
  /** A container env value, where the kubelet expands `$(NAME)` and reads `$$` as `$`: every `$` is doubled. */
  kubelet?: boolean;
  /** Why a deferToFlux variable may not land here (undefined: it may). */
  noDeferred?: string;
  /** Report undeclared references near a declared name (did you mean). */
  suggest: boolean;
}

export const PLAIN: Landing = { template: false, shell: false, suggest: false };

export interface Substituted {
  text: string;
  /** Declared names that were used (filled, falling back, or left for Flux), in order of use. */
  used: string[];
  /** Why the text cannot be filled safely, one message per problem. */
  problems: string[];
}

interface Scope {
  vars: VariableValues;
  landing: Landing;
  /** Inside the default of a deferred reference: Flux reads what is written here. */
  deferredDefault?: string;
  inAction: boolean;
}

export function substitute(text: string, vars: VariableValues, landing: Landing = PLAIN): Substituted {
  return fill(text, { vars, landing, inAction: false }, false);
}

function fill(text: string, scope: Scope, operand: boolean): Substituted {
  const out: Substituted = { text: '', used: [], problems: [] };
  let last = 0;
  for (const ref of references(text, operand)) {
    if (ref.start < last) continue; // inside a reference already replaced
    const here: Scope = { ...scope, inAction: scope.inAction || insideAction(text, ref.start) };
    const replaced = fillReference(text, ref, here, out);
    if (replaced === undefined) continue;
    out.text += text.slice(last, ref.start) + replaced;
    last = ref.end;
  }
  out.text += text.slice(last);
  if (operand && scope.deferredDefault !== undefined && !operandIsFluxSafe(text)) {
    out.problems.push(`the default of \${${scope.deferredDefault}:-...} holds "$$": Flux keeps it as it is there, so the text that reaches the cluster would differ from engine none's`);
  }
  return out;
}

/** The text that replaces one reference, or undefined when it stays as it is. */
function fillReference(text: string, ref: Reference, scope: Scope, out: Substituted): string | undefined {
  const { vars } = scope;
  const declared = vars.values.has(ref.name) || vars.unset.has(ref.name);
  if (!declared) return undeclared(text, ref, scope, out);
  out.used.push(ref.name);
  if (ref.form === 'other') {
    out.problems.push(`${describeReference(text, ref)}: only \${${ref.name}}, \${${ref.name}:-default} and \${${ref.name}:=default} are filled (bash and Flux disagree on the other forms, or they are not modelled here)`);
    return undefined;
  }
  if (vars.deferred.has(ref.name)) return deferred(text, ref, scope, out);
  const value = vars.values.get(ref.name);
  if ((value === undefined || value === '') && ref.fallback !== undefined) return operandText(ref, scope, out);
  const written = writeValue(ref.name, value ?? '', text, ref, scope);
  if (typeof written === 'string') return written;
  out.problems.push(written.problem);
  return undefined;
}

function undeclared(text: string, ref: Reference, scope: Scope, out: Substituted): string | undefined {
  if (scope.landing.suggest) {
    const near = nearName(ref.name, [...scope.vars.values.keys(), ...scope.vars.unset]);
    if (near) out.problems.push(`${describeReference(text, ref)} is not a declared variable: did you mean \${${near}}? (undeclared references are left as they are)`);
  }
  if (scope.deferredDefault !== undefined) {
    out.problems.push(`${describeReference(text, ref)} in the default of \${${scope.deferredDefault}:-...} is not declared: Flux would substitute it (empty, or an error in strict mode), engine none would not`);
  }
  return withDefaultFilled(text, ref, scope, out);
}

/** A deferred reference: kept for Flux, its default filled. */
function deferred(text: string, ref: Reference, scope: Scope, out: Substituted): string | undefined {
  if (scope.landing.noDeferred) out.problems.push(`\${${ref.name}} is left for Flux (deferToFlux), but ${scope.landing.noDeferred}: Flux pastes its value there unquoted, whatever it is`);
  return withDefaultFilled(text, ref, { ...scope, deferredDefault: scope.deferredDefault ?? ref.name }, out);
}

/** A reference that stays, with the references of its default filled (undefined: unchanged). */
function withDefaultFilled(text: string, ref: Reference, scope: Scope, out: Substituted): string | undefined {
  if (ref.fallback === undefined || ref.fallbackStart === undefined) return undefined;
  const inner = fill(ref.fallback, scope, true);
  out.used.push(...inner.used);
  out.problems.push(...inner.problems);
  if (inner.text === ref.fallback) return undefined;
  return text.slice(ref.start, ref.fallbackStart) + inner.text + '}';
}

/** The default of a reference whose variable is unset or empty, with its own references filled. */
function operandText(ref: Reference, scope: Scope, out: Substituted): string {
  const inner = fill(ref.fallback ?? '', scope, true);
  out.used.push(...inner.used);
  out.problems.push(...inner.problems);
  return inner.text;
}

/** The value as it must be written where it lands, or why it cannot be. */
function writeValue(name: string, value: string, text: string, ref: Reference, scope: Scope): string | { problem: string } {
  const why = (reason: string) => ({ problem: `the value of ${name} (${JSON.stringify(clip(value))}) cannot be written at ${describeReference(text, ref)}: ${reason}` });
  let written = value;
  if (scope.landing.shell) {
    if (value.includes('\0')) return why('a shell word cannot hold a NUL character');
    written = shellQuote(value);
  }
  // Engines run template -> kubelet -> bash: written inside out.
  if (scope.landing.kubelet) written = written.replace(/\$/g, '$$$$');
  if (scope.landing.template) {
    const t = templateLiteral(written, text.slice(Math.max(0, ref.start - 4), ref.start), text.slice(ref.end, ref.end + 4), scope.inAction);
    if (!t.ok) return why(t.why);
    written = t.text;
  }
  // Checked on the text as written (a template literal adds `}`).
  if (scope.deferredDefault !== undefined && /[$}]/.test(written)) {
    return why(`it lands in the default of \${${scope.deferredDefault}:-...}, which Flux reads up to the first "}" and where "$" is no escape`);
  }
  return written;
}

/** A default Flux reads as this function does: no `$$` (kept as is by Flux, collapsed by an unescape). */
function operandIsFluxSafe(operand: string): boolean {
  return !operand.includes('$$');
}

function clip(value: string): string {
  return value.length <= 60 ? value : `${value.slice(0, 57)}...`;
}

/** A declared name a few typing errors away from `name` (not `name` itself), for did-you-mean. */
export function nearName(name: string, declared: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const d of declared) {
    if (d === name) return undefined;
    const distance = d.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, d);
    if (distance < bestDistance) [best, bestDistance] = [d, distance];
  }
  const allowed = (best?.length ?? 0) >= 6 ? 2 : 1;
  return bestDistance <= allowed ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] as number;
}
