/**
 * Variable values in Go template text. KServe executes every string of a config (and of the
 * service merged into it) as a Go text/template over the config's JSON encoding, so a value with
 * `{{` would run as a template action. Written as a raw-string action, ``{{`{{`}}``, it renders
 * back to the literal `{{`: a double-quoted Go string would arrive as `\"` in the JSON and fail
 * to parse. `}}` outside an action is plain text already.
 */

/** Values that may stand inside a template action as they are (no quote, brace, pipe or space). */
const SAFE_IN_ACTION = /^[A-Za-z0-9_.\/:@%+=,-]*$/;

export type Encoded = { ok: true; text: string } | { ok: false; why: string };

/** Whether offset `at` of `text` lies inside a `{{ ... }}` action. */
export function insideAction(text: string, at: number): boolean {
  const before = text.slice(0, at);
  return before.lastIndexOf('{{') > before.lastIndexOf('}}');
}

/**
 * `value` written so that KServe's template execution gives back exactly `value`, where `before`
 * and `after` are the text around it.
 */
export function templateLiteral(value: string, before: string, after: string, inAction: boolean): Encoded {
  if (inAction) {
    return SAFE_IN_ACTION.test(value) ? { ok: true, text: value } : { ok: false, why: 'it lands inside a Go template action ({{ ... }}), where only letters, digits and _ . / : @ % + = , - are data' };
  }
  const prev = before.slice(-1);
  const next = after.slice(0, 1);
  if (value.startsWith('{') && prev === '{') return { ok: false, why: 'it starts with "{" right after a "{" of the text: together they would open a Go template action' };
  let text = '';
  let at = 0;
  for (const run of value.split(/(\{+)/)) {
    at += run.length;
    if (run === '') continue;
    // A run of `{` that forms `{{` (alone, or with the `{` that follows the value): a raw string.
    const formsAction = run.startsWith('{') && (run.length > 1 || (at === value.length && next === '{'));
    text += formsAction ? `{{\`${run}\`}}` : run;
  }
  return { ok: true, text: keepTrimmedSpace(text, before, after) };
}

/**
 * A trim marker next to the value (`-}}` before it, `{{-` after it) would eat its leading or
 * trailing white space: that white space goes into a raw-string action of its own.
 */
function keepTrimmedSpace(text: string, before: string, after: string): string {
  let out = text;
  // A lone `{` before that white space goes in too: it would open an action with the `{{`.
  if (/\{\{-\s/.test(after.slice(0, 4))) out = out.replace(/(?<!\{)\{?\s+$/, (space) => `{{\`${space}\`}}`);
  if (/\s-\}\}$/.test(before.slice(-4))) out = out.replace(/^\s+/, (space) => `{{\`${space}\`}}`);
  return out;
}
