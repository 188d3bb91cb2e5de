/** Entry point of the bundled executable (dist/llm-prefill-fn.js). */
import { commandHelp, HELP, VERSION } from './cli/help';
import { runKrmMode } from './cli/krm-mode';
import { parseRenderArgs, runRenderMode } from './cli/render-mode';
import { parsePreviewArgs, runPreviewMode } from './cli/preview-mode';
import { parseInitArgs, runInitMode } from './cli/init-mode';
import { guardedStdout } from './cli/stdout';
import { runDockerShim, SHIM_COMMAND } from './files/docker-shim';

const HELP_FLAGS = new Set(['--help', '-h']);

async function main(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  // KRM mode writes descriptor 1 itself (cli/stdout.ts); the others write process.stdout.
  if (first === undefined) return runKrmMode();
  guardedStdout();
  // render's docker shim (files/docker-shim.ts): not a user command.
  if (first === SHIM_COMMAND) return runDockerShim(argv.slice(1));
  if (HELP_FLAGS.has(first)) return printed(HELP());
  if (first === 'help') return runHelp(argv.slice(1));
  // `COMMAND --help` anywhere after the command: the usage, whatever else the line says.
  const usage = commandHelp(first);
  if (usage !== undefined && argv.slice(1).some((a) => HELP_FLAGS.has(a))) return printed(usage);
  if (first === '--version' || first === '-v' || first === 'version') return printed(`${VERSION}\n`);
  if (first === 'render') {
    const args = parseRenderArgs(argv.slice(1));
    if (typeof args === 'string') return usageError(args, 'render');
    return runRenderMode(args);
  }
  if (first === 'preview') {
    const args = parsePreviewArgs(argv.slice(1));
    if (typeof args === 'string') return usageError(args, 'preview');
    return runPreviewMode(args);
  }
  if (first === 'init') {
    const args = parseInitArgs(argv.slice(1));
    if (typeof args === 'string') return usageError(args, 'init');
    return runInitMode(args);
  }
  return usageError(`unknown argument "${first}"`);
}

function runHelp(args: readonly string[]): number {
  if (args.length === 0) return printed(HELP());
  const usage = args.length === 1 ? commandHelp(args[0]) : undefined;
  if (usage === undefined) return usageError(`help takes one command name, one of render, preview, init, version (got "${args.join(' ')}")`);
  return printed(usage);
}

function printed(text: string): number {
  process.stdout.write(text);
  return 0;
}

function usageError(message: string, command?: string): number {
  process.stderr.write(`llm-prefill-fn: ${message} (see ${command === undefined ? '--help' : `${command} --help`})\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // An internal error must still leave a readable message, never a bare stack trace.
    const err = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(`llm-prefill-fn: internal error: ${err.message}\n`);
    if (process.env.LLM_PREFILL_FN_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
