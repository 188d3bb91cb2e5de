import { vllmCommand } from './vllm-command';

describe('vllmCommand', () => {
  test('the eval "exec vllm serve ..." line, continuations joined, shell variables kept', () => {
    const script = '# then exec "vllm serve" below\nX=1\neval "exec vllm serve /mnt/models \\\n  --served-model-name "m" \\\n  --data-parallel-size 16 \\\n  ${VLLM_ADDITIONAL_ARGS} \\\n  $@"\necho never\n';
    expect(vllmCommand(script)).toBe('vllm serve /mnt/models --served-model-name "m" --data-parallel-size 16 ${VLLM_ADDITIONAL_ARGS} $@');
  });

  test('no exec vllm serve: undefined', () => {
    expect(vllmCommand('echo vllm serve is mentioned only')).toBeUndefined();
  });
});
