/**
 * The `vllm serve` command line a rendered prefill script will run: the `exec vllm serve ...`
 * (KServe's scripts run it through `eval "exec vllm serve ... $@"`), continuation lines joined.
 * Shell variables stay as they are (`${VLLM_ADDITIONAL_ARGS}`, `${START_RANK}`): they are only
 * known on the pod.
 */
export function vllmCommand(script: string): string | undefined {
  const start = script.search(/\bexec\s+vllm\s+serve\b/);
  if (start < 0) return undefined;
  const rest = script.slice(start).replace(/^exec\s+/, '');
  // The command ends where a line does not continue with a backslash.
  const lines: string[] = [];
  for (const line of rest.split('\n')) {
    lines.push(line);
    if (!/\\\s*$/.test(line)) break;
  }
  return lines
    .join(' ')
    .replace(/\\\s*/g, ' ')
    .replace(/\$@"\s*$/, '$@')
    .replace(/\s+/g, ' ')
    .trim();
}
