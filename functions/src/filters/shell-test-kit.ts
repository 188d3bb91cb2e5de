/**
 * Test support for shell quoting (used by *.test.ts only): runs bash the way KServe's scripts use
 * VLLM_ADDITIONAL_ARGS and reads back the words it passes on, NUL-separated, so that a test can
 * compare them with the intended arguments byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Words that break naive quoting: the shell must give each one back unchanged. */
export const HARD_WORDS: readonly string[] = [
  '--kv-transfer-config',
  '{"kv_connector":"NixlConnector","kv_role":"kv_producer"}',
  '{"kv_connector": "NixlConnector", "kv_role": "kv_producer"}',
  '--max-model-len',
  '8192',
  'two words',
  '  leading and trailing  ',
  "it's",
  "'",
  "''",
  '"double"',
  '$HOME',
  '${HOME}',
  '"$HOME"',
  '\\$HOME',
  '$(echo injected)',
  '`echo injected`',
  '$((1+2))',
  '$',
  '$@',
  'back\\slash',
  '\\',
  'trailing\\',
  '\\\\',
  '*',
  '*.txt',
  '?',
  '[ab]',
  '{a,b}',
  'x{1..3}',
  ';',
  'a; echo pwned',
  '&&',
  '|',
  '>out',
  '<in',
  '(',
  ')',
  '#not-a-comment',
  'a #b',
  '~',
  '~/x',
  '--dir=~/x',
  '!',
  '!!',
  '',
  'line1\nline2',
  '\n',
  '\t',
  'ünïcödé',
  '日本語',
  '🚀',
  '-O3',
  '--opt=value with space',
  '%1',
  'a=b',
  '{{ .Spec.Model.Name }}',
];

/** Runs bash in a directory holding files that unquoted globs would match; NUL-separated stdout as words. */
export function bashWords(script: string, env: Record<string, string>, args: readonly string[] = []): string[] {
  const cwd = mkdtempSync(join(tmpdir(), 'shell-quote-'));
  try {
    for (const f of ['a', 'b', 'x.txt', 'y.txt', 'x1']) writeFileSync(join(cwd, f), '');
    const run = spawnSync('/bin/bash', ['-c', script, '--', ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/home/tester', LC_ALL: 'C.UTF-8', ...env },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`bash exited ${run.status}: ${run.stderr}`);
    if (run.stdout !== '' && !run.stdout.endsWith('\0')) throw new Error(`output not NUL-terminated: ${JSON.stringify(run.stdout)}`);
    return run.stdout.split('\0').slice(0, -1);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * The way KServe's scripts use the variable: `eval "... ${VLLM_ADDITIONAL_ARGS} $@"`, with
 * printargs in place of vllm, printing each argument NUL-terminated (nothing for no argument).
 */
export const EVAL_SCRIPT = `printargs() { [ $# -eq 0 ] || printf '%s\\0' "$@"; }\neval "printargs \${VLLM_ADDITIONAL_ARGS} \\$@"\n`;

/** A fake `vllm` for KServe's real script: answers --version, otherwise prints its arguments. */
export const FAKE_VLLM = `#!/bin/bash
if [ "$1" = "--version" ]; then echo 0.10.0; exit 0; fi
[ $# -eq 0 ] || printf '%s\\0' "$@"
`;
