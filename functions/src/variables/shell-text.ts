/**
 * Which env values of container `main` KServe's prefill scripts parse as shell code. The one
 * table of it, so that it can become release-aware: all KServe releases with shell scripts
 * (v0.18.0 to HEAD) run `eval "exec vllm serve ... ${VLLM_ADDITIONAL_ARGS} $@"`; the other env
 * names the scripts read (KSERVE_INFER_ROCE, NCCL_IB_HCA, LWS_WORKER_INDEX, ...) are only
 * expanded, never parsed again (reference: kserve-releases.md §5).
 *
 * A pipeline variable that lands in one of these values is inserted as one shell-quoted word.
 */

export const SHELL_TEXT_ENV: readonly string[] = ['VLLM_ADDITIONAL_ARGS'];

export function isShellTextEnv(name: string): boolean {
  return SHELL_TEXT_ENV.includes(name);
}

/** Container env values: `<pod path>.containers[i].env[j].value` (init and ephemeral containers too), the pod path made of plain keys. */
const ENV_VALUE = /^((?:[A-Za-z]+\.)*[A-Za-z]+)\.(containers|initContainers|ephemeralContainers)\[(\d+)\]\.env\[(\d+)\]\.value$/;

/** For a string's field path in a resource: the keys of its env entry (`regular`: of `containers`), or undefined when it is no container env value. */
export function envEntryKeys(path: string): { container: (string | number)[]; entry: (string | number)[]; regular: boolean } | undefined {
  const m = ENV_VALUE.exec(path);
  if (!m) return undefined;
  const container = [...(m[1] as string).split('.'), m[2] as string, Number(m[3])];
  return { container, entry: [...container, 'env', Number(m[4])], regular: m[2] === 'containers' };
}
