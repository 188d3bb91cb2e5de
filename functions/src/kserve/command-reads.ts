/**
 * Which env a container's command consumes, read from the command itself (what the cluster will
 * run, whichever release wrote it): a shell script (`bash -c SCRIPT`) reads the variables it
 * expands; a plain list (KServe v0.17's template config: `vllm serve /mnt/models ...`) reads
 * none, except `$(NAME)` words, which the kubelet expands.
 */
type Obj = Record<string, unknown>;

export interface CommandReading {
  /** Whether the command is a shell script; undefined when the container sets no command (the image's entrypoint runs). */
  shell: boolean | undefined;
  /** The script, for a shell command. */
  script?: string;
  /** The words of the command and args, for a plain list. */
  words: string[];
  reads(name: string): boolean;
}

const SHELL = /(^|\/)(ba|da|z)?sh$/;

export function commandReading(container: Obj): CommandReading {
  const command = Array.isArray(container.command) ? container.command.map(String) : undefined;
  const args = Array.isArray(container.args) ? container.args.map(String) : [];
  if (!command) return { shell: undefined, words: args, reads: () => false };
  const c = command.indexOf('-c');
  if (SHELL.test(command[0] ?? '') && c >= 0) {
    // KServe v0.16 puts the script in args[0] after `bash -c`; later releases in the command.
    const script = command[c + 1] ?? args[0] ?? '';
    return { shell: true, script, words: [...command, ...args], reads: (name) => new RegExp(`\\$\\{?${name}\\b|\\$\\(${name}\\)`).test(script) };
  }
  const words = [...command, ...args];
  return { shell: false, words, reads: (name) => words.some((w) => w.includes(`$(${name})`)) };
}
