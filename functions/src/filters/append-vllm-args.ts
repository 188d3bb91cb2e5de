/**
 * Appends `vllmArgs` to env VLLM_ADDITIONAL_ARGS of container "main" in every pod spec of the
 * config (template, leader, worker). KServe's scripts run
 * `eval "exec vllm serve ... ${VLLM_ADDITIONAL_ARGS} $@"`, so the variable is shell text: each
 * argument is shell-quoted (shell-quote.ts) so that vLLM receives exactly these words, JSON values
 * and arguments with spaces, quotes, `$`, backslashes, globs or newlines included.
 *
 * - Absent entry: created with the quoted arguments. Existing value: the arguments are appended
 *   after one space (unescaped trailing whitespace of the value is dropped first: a trailing
 *   newline, as a `|` block scalar leaves, would otherwise end the command inside eval and the
 *   appended arguments would never reach vLLM).
 * - Idempotent: when the value already is, or already ends with " " + the quoted arguments,
 *   nothing changes (so a second run over its own output reports nothing). The flip side: a value
 *   that happens to end with the same words is not appended to.
 * - An entry that uses `valueFrom` is left alone and reported as no change: its text is not known
 *   here, and a Change cannot express an error; a config that sets both `vllmArgs` and a
 *   `valueFrom` for VLLM_ADDITIONAL_ARGS is a configuration conflict, checked elsewhere.
 * - No arguments: nothing changes, no entry is created.
 * - Not escaped: `{{` (KServe executes it as a Go template) and `$(NAME)` / `$$` (the kubelet's
 *   dependent-variable expansion of env values) reach those engines as written; arguments that
 *   contain them are the user's business.
 *
 * Nothing else of the container is touched: not `command`, not `args`, not other containers.
 */
import { scalarAt } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { envChange, envEntry, setEnv } from './merge-env';
import { mainContainer, podTemplates } from './pod-templates';
import { shellJoin } from './shell-quote';

export const VLLM_ADDITIONAL_ARGS = 'VLLM_ADDITIONAL_ARGS';

export function appendVllmArgs(args: readonly string[]): Filter {
  const quoted = shellJoin(args);
  return ({ doc, node }) => {
    if (args.length === 0) return [];
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const main = mainContainer(doc, pod.spec);
      const entry = envEntry(main, VLLM_ADDITIONAL_ARGS);
      if (entry?.has('valueFrom')) continue;
      const current = entry ? scalarAt(entry, 'value') : undefined;
      const next = appended(current === undefined || current === null ? '' : String(current), quoted);
      if (next === undefined) continue;
      if (setEnv(doc, main, VLLM_ADDITIONAL_ARGS, next)) {
        changes.push(envChange(pod.path, VLLM_ADDITIONAL_ARGS, `vllmArgs +${args.length}`));
      }
    }
    return changes;
  };
}

/** The new value of VLLM_ADDITIONAL_ARGS, or undefined when it already ends with `quoted`. */
export function appended(current: string, quoted: string): string | undefined {
  const base = trimUnescapedEnd(current);
  if (base === quoted || base.endsWith(` ${quoted}`)) return undefined;
  return base === '' ? quoted : `${base} ${quoted}`;
}

/** The text without trailing whitespace, except whitespace escaped by a backslash. */
function trimUnescapedEnd(text: string): string {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] as string)) {
    let backslashes = 0;
    while (end - 2 - backslashes >= 0 && text[end - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return text.slice(0, end);
}

/**
 * Why arguments appended to `value` would not reach vLLM, or undefined. KServe's script runs
 * `eval "exec vllm serve ... ${VLLM_ADDITIONAL_ARGS} $@"`: an unquoted line break ends the
 * command (exec never returns, so the next lines never run), and an unquoted `#` at the start of
 * a word comments out the rest of the line, the appended arguments and the container args
 * (`$@`) included. Quotes and backslashes are read as the shell reads them.
 */
export function lostAfter(value: string): 'line break' | 'comment' | undefined {
  const text = trimUnescapedEnd(value);
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '\n') {
      return 'line break';
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      return 'comment';
    }
  }
  return undefined;
}
