/**
 * Errors of the Go text/template engine. Every error carries the offset (UTF-16 code units into
 * the text the caller passed) at which Go would report it, the 1-based line of that offset, and a
 * message worded like Go's (`unexpected {{end}}`, `function "Foo" not defined`, ...).
 */

/** Where an error came from: lexing/parsing, executing, or decoding KServe's JSON result. */
export type TemplatePhase = 'parse' | 'exec' | 'json';

export interface TemplateError {
  phase: TemplatePhase;
  /** Offset into the caller's text (the decoded string, also in `kserve-json` embedding). */
  offset: number;
  /** 1-based line of `offset` in the caller's text. */
  line: number;
  /** Go's message without the `template: config:1:2:` prefix. */
  message: string;
  /** For exec errors: the source of the node being evaluated, as Go prints it in `at <...>`. */
  context?: string;
}

/** Thrown inside the engine; converted to a TemplateError at the API boundary. */
export class TemplateFailure extends Error {
  constructor(
    readonly phase: TemplatePhase,
    readonly offset: number,
    message: string,
    readonly context?: string,
  ) {
    super(message);
  }
}

/** The 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Go's rendering of an error: `template: config:3: unexpected {{end}}`, or for exec errors `template: config:3: executing "config" at <.X>: ...`. */
export function formatTemplateError(error: TemplateError, name = 'config'): string {
  if (error.phase === 'exec') {
    return `template: ${name}:${error.line}: executing "${name}" at <${error.context ?? ''}>: ${error.message}`;
  }
  if (error.phase === 'json') return `failed to unmarshal config from template: ${error.message}`;
  return `template: ${name}:${error.line}: ${error.message}`;
}
