/**
 * A MODEL of Flux's post-build substitution (kustomize-controller `spec.postBuild`, which runs
 * fluxcd/pkg/envsubst — a fork of drone/envsubst — on each resource's YAML text). Written from
 * the measured table in docs gitops.md (/work/shared/reference/gitops.md); every row has a test in
 * flux-envsubst.test.ts. It is a test oracle, independent of functions/src/variables/flux-escape.ts.
 *
 * Rules:
 * 1. Text: a run of `$` is read in pairs from the left, each `$$` giving `$` (so `$${x}` gives
 *    `${x}`: the second `$` of a pair is plain text). When the run is odd, its last `$` opens a
 *    reference if `{` follows, else it stays a `$` (`$MODEL`, `$(cmd)`, `$((1 + 2))`, a trailing
 *    `$`). Everything else is plain text: `\` escapes nothing, `{{ }}` means nothing.
 * 2. A reference, after `${`:
 *    - `#NAME}` is NAME's length; anything else after `${#` -> "bad substitution" (`${#arr[@]}`);
 *    - no NAME (e.g. `${!map[@]}`, `${}`) -> "unable to parse variable name";
 *    - `NAME}` is the value;
 *    - `NAME` then `:-`, `:=`, `:?`, `:+` or `=` is a default: operand up to the matching `}`,
 *      made of plain text (where `$$` is NOT an escape) and nested references, all evaluated
 *      even when unused (`${NCCL_IB_HCA:-${list}}` fails in strict mode because of `list`). Flux
 *      gives all five the `:-` meaning: the value, or the operand when the value is empty;
 *      unterminated -> "unable to parse substitution within function";
 *    - `NAME` then `:`, `,`, `^`, `/`, `#` or `%` (substring, case, replace, trim): not modelled,
 *      reported as an error so that no test can pass on a form the model does not know;
 *    - `NAME` then anything else (`[`, `-`, the end) -> "missing closing brace" (`${arr[@]}`).
 *    Names are read as Flux's scanner reads them: letters, digits, `_`.
 * 3. Values: an unset variable is "" (non-strict) or the error "variable not set (strict mode)";
 *    a default operator makes an unset variable fine in strict mode too. Newlines in values are
 *    removed. Variable names passed in must match ^[_[:alpha:]][_[:alpha:][:digit:]]*$.
 * 4. Any parse error fails the whole text, before anything is substituted.
 * 5. The text ends at its first NUL character (measured: `a\0b${A}` gives `a`).
 */

export type FluxResult = { ok: true; text: string } | { ok: false; error: string };

type Part = string | Ref;
interface Ref {
  name: string;
  /** 'plain', 'length', or the default operator as written (':-', ':=', ':?', ':+', '='). */
  op: string;
  operand: Part[];
}

class ParseError extends Error {}

const VAR_NAME = /^[_\p{L}][_\p{L}\p{Nd}]*$/u;
const NAME_CHARS = /[\p{L}\p{Nd}_]+/uy;
const DEFAULT_OPS = [':-', ':=', ':?', ':+', '='];

export function fluxSubstitute(text: string, vars: Readonly<Record<string, string>>, strict: boolean): FluxResult {
  for (const name of Object.keys(vars)) {
    if (!VAR_NAME.test(name)) return { ok: false, error: `'${name}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'` };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) text = text.slice(0, nul);
  let parts: Part[];
  try {
    parts = parseText(text);
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
  const result = evaluate(parts, vars, strict);
  return typeof result === 'string' ? { ok: true, text: result } : result;
}

/** Top-level text: rule 1. */
function parseText(text: string): Part[] {
  const parts: Part[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '$') {
      plain += text[i++];
      continue;
    }
    let n = 0;
    while (text[i + n] === '$') n++;
    plain += '$'.repeat(Math.floor(n / 2));
    i += n;
    if (n % 2 === 0) continue;
    if (text[i] !== '{') {
      plain += '$';
      continue;
    }
    parts.push(plain);
    plain = '';
    const [ref, end] = parseRef(text, i + 1);
    parts.push(ref);
    i = end;
  }
  parts.push(plain);
  return parts;
}

/** A reference whose `${` ends just before `at`: rule 2. Returns it and the index after its `}`. */
function parseRef(text: string, at: number): [Ref, number] {
  if (text[at] === '#') {
    const name = nameAt(text, at + 1);
    const end = at + 1 + name.length;
    if (name === '' || text[end] !== '}') throw new ParseError('bad substitution');
    return [{ name, op: 'length', operand: [] }, end + 1];
  }
  const name = nameAt(text, at);
  if (name === '') throw new ParseError('unable to parse variable name');
  let p = at + name.length;
  if (text[p] === '}') return [{ name, op: 'plain', operand: [] }, p + 1];
  const op = DEFAULT_OPS.find((o) => text.startsWith(o, p));
  if (op === undefined) {
    if (/[:,^/#%]/.test(text[p] ?? '')) throw new ParseError(`model: operator '${text[p]}' in \${${name}${text[p]}...} is not modelled`);
    throw new ParseError('missing closing brace');
  }
  // The operand: plain text up to `}` or a nested `${`; `$$` is kept as it is here.
  const operand: Part[] = [];
  p += op.length;
  for (;;) {
    if (p >= text.length) throw new ParseError('unable to parse substitution within function');
    if (text[p] === '}') return [{ name, op, operand }, p + 1];
    if (text.startsWith('${', p)) {
      const [nested, end] = parseRef(text, p + 2);
      operand.push(nested);
      p = end;
      continue;
    }
    let end = p;
    while (end < text.length && text[end] !== '}' && !text.startsWith('${', end)) end++;
    operand.push(text.slice(p, end));
    p = end;
  }
}

function nameAt(text: string, at: number): string {
  NAME_CHARS.lastIndex = at;
  return NAME_CHARS.exec(text)?.[0] ?? '';
}

/** Rule 3: the operand first (its errors win), then the variable. */
function evaluate(parts: readonly Part[], vars: Readonly<Record<string, string>>, strict: boolean): string | { ok: false; error: string } {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const operand = evaluate(part.operand, vars, strict);
    if (typeof operand !== 'string') return operand;
    const set = Object.prototype.hasOwnProperty.call(vars, part.name);
    const isDefault = part.op !== 'plain' && part.op !== 'length';
    if (!set && strict && !isDefault) return { ok: false, error: `variable not set (strict mode): "${part.name}"` };
    const value = set ? (vars[part.name] ?? '').replace(/\n/g, '') : '';
    if (part.op === 'length') out += String(Buffer.byteLength(value, 'utf8'));
    else out += isDefault && value === '' ? operand : value;
  }
  return out;
}
