/**
 * POSIX shell quoting for words that a shell will parse again, as KServe's scripts do with
 * `eval "exec vllm serve ... ${VLLM_ADDITIONAL_ARGS} $@"`.
 *
 * A word made only of characters that mean nothing to the shell in an argument position
 * (ASCII letters, digits and `_ @ % + = : , . / -`) is left bare, so that the usual flags stay
 * readable (`--max-model-len 8192`). Any other word is put in single quotes, inside which the
 * shell expands nothing (`$`, backslash, `*`, `;`, newline, `"` all stay literal); an embedded
 * single quote is written `'\''` (close, escaped quote, reopen). The empty word is `''`.
 *
 * Not covered here, by design: KServe executes every `{{` in a config as a Go template, and the
 * kubelet expands `$(NAME)` (and turns `$$` into `$`) in env values; both happen before the shell
 * sees the text, and words containing them are the user's business.
 */

/** Characters that never need quoting in an argument position (as Python's shlex.quote). */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * The word as shell text that the shell reads back as exactly this one word. Throws a RangeError
 * for a word containing NUL, which no argv or environment variable can carry.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new RangeError('a shell word cannot contain a NUL character');
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The words as shell text, each quoted as needed, separated by single spaces. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
