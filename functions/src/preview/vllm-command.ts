/**
 * The `vllm serve` command line a rendered prefill container will run, in every shape KServe's
 * releases use:
 * - a plain list (`command: [vllm, serve, /mnt/models, ...]`, v0.16/v0.17 template config):
 *   command and args, as Kubernetes runs them;
 * - a shell script (`bash -c SCRIPT --`, the script in `command`, or in `args[0]` on v0.16):
 *   the line that runs `vllm serve` — plain, after `exec`, or inside `eval "..."` — with its
 *   backslash continuations joined; `$@` stands for the container's args (after `--`).
 * Shell variables stay as they are (`${VLLM_ADDITIONAL_ARGS}`, `${START_RANK}`): they are only
 * known on the pod. Comment lines never count, even when they mention `exec vllm serve`.
 */
import { commandReading } from '../kserve/command-reads';

type Obj = Record<string, unknown>;

export interface VllmLine {
  line: string;
  /** How the line was found: `list` (plain command list), `script`, `exec` or `eval` (in a shell script). */
  shape: 'list' | 'script' | 'exec' | 'eval';
}

/** The vllm line of a script, or undefined when no command of the script runs `vllm serve`. */
export function vllmCommand(script: string): string | undefined {
  return scriptLine(script)?.line;
}

/** The vllm line of a container (command and args), or undefined. */
export function containerVllmLine(container: Obj): VllmLine | undefined {
  const reading = commandReading(container);
  if (reading.shell === false) {
    const [head, sub] = reading.words;
    if (!/(^|\/)vllm$/.test(head ?? '') || sub !== 'serve') return undefined;
    return { line: reading.words.map(shellWord).join(' '), shape: 'list' };
  }
  if (!reading.script) return undefined;
  const found = scriptLine(reading.script);
  if (!found) return undefined;
  const args = afterDashDash(container);
  const line = args === undefined ? found.line : found.line.replace(/(^|\s)\$@(?=\s|$)/, (_m, sp: string) => (args.length > 0 ? sp + args.map(shellWord).join(' ') : ''));
  return { line: line.replace(/\s+/g, ' ').trim(), shape: found.shape };
}

/** The container's args when they reach the script as $@ (`--` ends the command), else undefined. */
function afterDashDash(container: Obj): string[] | undefined {
  const command = Array.isArray(container.command) ? container.command.map(String) : [];
  if (command[command.length - 1] !== '--') return undefined;
  return Array.isArray(container.args) ? container.args.map(String) : [];
}

const AT_COMMAND = /(?:^|;|&&|\|\||\bthen\b|\bdo\b)\s*(eval\s+["']\s*)?(exec\s+)?(vllm\s+serve\b.*)$/;

function scriptLine(script: string): { line: string; shape: VllmLine['shape'] } | undefined {
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*#/.test(lines[i])) continue;
    const m = AT_COMMAND.exec(lines[i].trim());
    if (!m) continue;
    const parts = [m[3]];
    for (let j = i; /\\\s*$/.test(lines[j]) && j + 1 < lines.length; j++) parts.push(lines[j + 1]);
    let line = parts.join(' ').replace(/\\\s*/g, ' ').replace(/\s+/g, ' ').trim();
    if (m[1]) line = line.replace(/["']\s*$/, '');
    return { line: line.trim(), shape: m[1] ? 'eval' : m[2] ? 'exec' : 'script' };
  }
  return undefined;
}

/** A word as a shell would need it written to stay one word. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./${}-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
