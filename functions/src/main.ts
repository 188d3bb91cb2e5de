/** Entry point of the bundled executable (dist/llm-prefill-fn.js). */
import { HELP, VERSION } from './cli/help';
import { runKrmMode } from './cli/krm-mode';
import { parseRenderArgs, runRenderMode } from './cli/render-mode';
import { runPreviewMode } from './cli/preview-mode';
import { guardedStdout } from './cli/stdout';

async function main(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  // KRM mode writes descriptor 1 itself (cli/stdout.ts); the others write process.stdout.
  if (first === undefined) return runKrmMode();
  guardedStdout();
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (first === 'render') {
    const args = parseRenderArgs(argv.slice(1));
    if (typeof args === 'string') return usageError(args);
    return runRenderMode(args);
  }
  if (first === 'preview') {
    if (argv.length > 2) return usageError('preview takes one argument: an overlay directory, a file, or - for stdin');
    return runPreviewMode(argv[1]);
  }
  return usageError(`unknown argument "${first}"`);
}

function usageError(message: string): number {
  process.stderr.write(`llm-prefill-fn: ${message} (see --help)\n`);
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
