/**
 * What a person reads on stderr after a run: the findings one per line, then the outcome as the
 * last line (`OK`, `OK with N warning(s)`, `FAILED: N error(s); first: ...`), so a failed run
 * never ends on a line that looks like success. Colour only on a terminal, never with NO_COLOR
 * (https://no-color.org: any non-empty value).
 */
import { fstatSync } from 'node:fs';
import type { Result } from '../krm/results';

/** Where a finding comes from, when known: a source file and line a person can open. */
export interface Located extends Result {
  location?: { path: string; line?: number };
}

export interface Style {
  colour: boolean;
}

/** Colour for stderr: a terminal, and NO_COLOR unset or empty. */
export function stderrStyle(env: NodeJS.ProcessEnv = process.env): Style {
  return { colour: !env.NO_COLOR && stderrIsTerminal() };
}

/** node:tty loads node:net (~2 ms at start-up): it is asked only about a character device. */
function stderrIsTerminal(): boolean {
  try {
    if (!fstatSync(2).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(2);
}

const CODES = { error: '31', warning: '33', info: '36', ok: '32' } as const;

function paint(style: Style, code: keyof typeof CODES, text: string): string {
  return style.colour ? `\x1b[${CODES[code]}m${text}\x1b[0m` : text;
}

/** "kind/namespace/name: field: message", without the severity. */
export function formatResult(r: Result): string {
  const ref = r.resourceRef ? `${[r.resourceRef.kind, r.resourceRef.namespace, r.resourceRef.name].filter(Boolean).join('/')}: ` : '';
  const field = r.field ? `${r.field.path}: ` : '';
  return `${ref}${field}${r.message}`;
}

/** "file:line: " for a located finding, else "". */
export function locationOf(r: Located): string {
  if (!r.location) return '';
  return r.location.line === undefined ? `${r.location.path}: ` : `${r.location.path}:${r.location.line}: `;
}

/**
 * One finding: `[error] file:line: Kind/name: field: message` (kpt prints results this way too). A message of several parts ("a; b")
 * continues on indented lines, unless `oneLine` (KRM mode: one line per finding in kustomize's
 * and Argo CD's logs).
 */
export function findingLine(r: Located, style: Style, oneLine = false): string {
  const whole = `${locationOf(r)}${formatResult(r)}`;
  const text = oneLine ? whole : whole.split('; ').join('\n      ');
  return `[${paint(style, r.severity, r.severity)}] ${text}`;
}

/** The last line of every run. */
export function outcomeLine(results: readonly Located[], style: Style, strict = false): string {
  const errors = results.filter((r) => r.severity === 'error');
  const warnings = results.filter((r) => r.severity === 'warning');
  if (errors.length > 0) {
    const first = `${locationOf(errors[0])}${formatResult(errors[0])}`.split('; ')[0];
    return `${paint(style, 'error', `FAILED: ${errors.length} error(s)`)}; first: ${first}`;
  }
  if (strict && warnings.length > 0) {
    const first = `${locationOf(warnings[0])}${formatResult(warnings[0])}`.split('; ')[0];
    return `${paint(style, 'error', `FAILED: ${warnings.length} error(s)`)} (warnings, with --strict); first: ${first}`;
  }
  if (warnings.length > 0) return paint(style, 'warning', `OK with ${warnings.length} warning(s)`);
  return paint(style, 'ok', 'OK');
}

/** Whether the outcome is a failure (the exit code is 1). */
export function failed(results: readonly Result[], strict = false): boolean {
  return results.some((r) => r.severity === 'error' || (strict && r.severity === 'warning'));
}
