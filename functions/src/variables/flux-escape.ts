/**
 * Escaping for Flux's post-build substitution (fluxcd/pkg/envsubst, a fork of drone/envsubst).
 *
 * How Flux reads a text (docs/reference: gitops.md, and the model in test/support/flux-envsubst.ts):
 * - Outside a reference, `$` runs are read in pairs from the left: each `$$` gives one `$`. When a
 *   run is odd, its last `$` opens a reference if `{` follows; otherwise it stays a `$`.
 *   So `$VAR`, `$(cmd)`, `$((1+2))`, `$` at the end and `\` are left alone; `\${X}` is substituted.
 * - A reference is `${NAME}`, `${#NAME}`, or `${NAME<op>...}`; a default (`:-`, `:=`, ...) may hold
 *   text and nested references, and inside it `$$` is NOT an escape.
 * - Anything else after `${` (`${#arr[@]}`, `${!map[@]}`, `${arr[@]}`) fails the whole resource,
 *   and in strict mode so does an unset variable without a default.
 */

/** Characters of a variable name as Flux's scanner reads them (letters, digits, `_`). */
const NAME = /[\p{L}\p{Nd}_]+/uy;

/** Name at `at`, or '' when there is none. */
function nameAt(text: string, at: number): string {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0] ?? '';
}

/** Length of the run of `$` starting at `at`. */
function dollarRun(text: string, at: number): number {
  let end = at;
  while (text[end] === '$') end++;
  return end - at;
}

/**
 * Rewrites `text` so that Flux's substitution, strict or not, gives back exactly `text`, except
 * that references to a `deferred` variable are left for Flux (see deferredRefEnd).
 *
 * For each run of n `$` (the documented rule "double every `$$`, then escape `${` as `$${`",
 * applied to the runs of the original text):
 * - followed by `{` and opening a deferred reference (n odd): the n-1 others are doubled and
 *   the reference is copied as it is;
 * - followed by any other `{`: 2n `$` (Flux gives n `$` and a literal `{`);
 * - otherwise: pairs doubled and an odd last `$` kept single (Flux keeps a lone `$` that no `{`
 *   follows), e.g. `$$$ ` -> `$$$$$ `.
 * Nested `${` are reached by the same scan, so `${A:-${TAG}}` with only TAG deferred becomes
 * `$${A:-${TAG}}`: Flux fills TAG and gives back `${A:-v1}`.
 *
 * Collapsing every `$$` of the result back to `$` (left to right) gives `text` again.
 */
export function escapeForFlux(text: string, deferred: ReadonlySet<string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('$', i);
    if (at < 0) return out + text.slice(i);
    out += text.slice(i, at);
    const n = dollarRun(text, at);
    i = at + n;
    if (text[i] !== '{') {
      out += '$'.repeat(n % 2 === 0 ? 2 * n : 2 * n - 1);
      continue;
    }
    const end = n % 2 === 1 ? deferredRefEnd(text, i - 1, deferred) : undefined;
    if (end === undefined) {
      out += '$'.repeat(2 * n);
      continue;
    }
    out += '$'.repeat(2 * (n - 1)) + text.slice(i - 1, end);
    i = end;
  }
  return out;
}

/**
 * End (exclusive) of the deferred reference whose `${` is at `at`, or undefined when Flux cannot
 * be handed this reference as it is. It must be `${NAME}`, `${NAME:-default}` or
 * `${NAME:=default}` with NAME deferred, and:
 * - every reference nested in the default must itself be deferred: Flux evaluates a default's
 *   references even when the variable is set, and offers no escape inside a default (there
 *   `$${X}` reads as `$` and a reference), so `${TAG:-${X}}` with X not deferred is escaped
 *   whole and reaches bash unchanged;
 * - the reference holds no `$$`: Flux would keep it as is inside a default, so collapsing `$$`
 *   would no longer undo the escaping.
 * Other operators (`:+`, `:?`, `=`, `${#NAME}`) are not deferred: Flux gives them all the `:-`
 * meaning, not bash's.
 */
function deferredRefEnd(text: string, at: number, deferred: ReadonlySet<string>): number | undefined {
  const name = nameAt(text, at + 2);
  if (name === '' || !deferred.has(name)) return undefined;
  let p = at + 2 + name.length;
  if (text[p] === '}') return p + 1;
  if (text[p] !== ':' || (text[p + 1] !== '-' && text[p + 1] !== '=')) return undefined;
  for (p += 2; p < text.length; ) {
    const c = text[p];
    if (c === '}') return p + 1;
    if (c === '$' && text[p + 1] === '$') return undefined;
    if (c === '$' && text[p + 1] === '{') {
      const nested = deferredRefEnd(text, p, deferred);
      if (nested === undefined) return undefined;
      p = nested;
    } else {
      p++;
    }
  }
  return undefined; // unclosed: Flux would fail
}

/**
 * Whether Flux's substitution would change or reject `text`: it does as soon as there is a `$$`
 * (collapsed to `$`) or a `${` (a reference or an error; `$${` holds a `$$`). Same as
 * `escapeForFlux(text, new Set()) !== text`.
 */
export function needsFluxEscape(text: string): boolean {
  return text.includes('$$') || text.includes('${');
}

/**
 * Names of the references Flux would substitute in `text` (unescaped), first appearance order,
 * each once: outermost first, then those nested in its operand (`${A:-${B}}` gives A, B).
 * `$${X}` is not a reference, `${#X}` is (X's length). A malformed reference (`${#arr[@]}`,
 * `${!map[@]}`, `${arr[@]}`, unclosed) fails the whole text in Flux; it is skipped here and the
 * scan goes on after its `${` (best effort: use needsFluxEscape to know whether Flux would fail).
 */
export function fluxVariableRefs(text: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('$', i);
    if (at < 0) break;
    i = at + dollarRun(text, at);
    if ((i - at) % 2 === 0 || text[i] !== '{') continue;
    const found: string[] = [];
    const end = readRef(text, i - 1, found);
    if (end === undefined) {
      i++; // past the `{`; references further in are still found
    } else {
      names.push(...found);
      i = end;
    }
  }
  return [...new Set(names)];
}

/**
 * Reads the reference whose `${` is at `at`, pushing its names to `found`; returns its end or
 * undefined when malformed. An operand (default, pattern, offset...) is read as Flux reads a
 * default: text up to `}`, where each `${` opens a nested reference and `$$` is no escape.
 */
function readRef(text: string, at: number, found: string[]): number | undefined {
  let p = at + 2;
  const length = text[p] === '#';
  if (length) p++;
  const name = nameAt(text, p);
  if (name === '') return undefined;
  found.push(name);
  p += name.length;
  if (text[p] === '}') return p + 1;
  if (length || !/[:=,^/#%]/.test(text[p] ?? '')) return undefined; // e.g. `[`, `!`, `-` or the end
  for (p++; p < text.length; ) {
    if (text[p] === '}') return p + 1;
    if (text[p] === '$' && text[p + 1] === '{') {
      const nested = readRef(text, p, found);
      if (nested === undefined) return undefined;
      p = nested;
    } else {
      p++;
    }
  }
  return undefined;
}
