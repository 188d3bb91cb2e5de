import { OWN_IMAGE, parseDockerRun } from './docker-shim';

describe('the docker shim', () => {
  test('reads kubectl kustomize\'s docker run line: the image, and only the -e variables', () => {
    const argv = ['--rm', '-i', '-a', 'STDIN', '-a', 'STDOUT', '-a', 'STDERR', '--network', 'none', '--user', 'nobody', '--security-opt=no-new-privileges', '-e', 'LOG_TO_STDERR=true', '-e', 'FROM_HOST', '-e', 'UNSET', 'ghcr.io/llm-prefill/llm-prefill-fn:v0.1.0'];
    expect(parseDockerRun(argv, { FROM_HOST: 'h', OTHER: 'o' })).toEqual({ image: 'ghcr.io/llm-prefill/llm-prefill-fn:v0.1.0', env: { LOG_TO_STDERR: 'true', FROM_HOST: 'h' }, args: [] });
  });

  test('kpt\'s line (--pull missing, -v mounts) and arguments after the image', () => {
    expect(parseDockerRun(['--rm', '-i', '--pull', 'missing', '-v', '/a:/b', 'img:1', 'x'], {})).toEqual({ image: 'img:1', env: {}, args: ['x'] });
  });

  test('what it cannot serve is a message', () => {
    expect(parseDockerRun(['--env-file', 'f', 'img'], {})).toMatch(/not supported/);
    expect(parseDockerRun(['--rm'], {})).toMatch(/no image/);
  });

  test('this function\'s image, any tag or digest; nothing else', () => {
    for (const ok of ['ghcr.io/llm-prefill/llm-prefill-fn', 'ghcr.io/llm-prefill/llm-prefill-fn:v0.1.0', `ghcr.io/llm-prefill/llm-prefill-fn:${'v1'}@sha256:${'a'.repeat(64)}`]) expect(OWN_IMAGE.test(ok)).toBe(true);
    for (const no of ['ghcr.io/llm-prefill/llm-prefill-fn-x:v1', 'example.com/llm-prefill-fn:v1', `ghcr.io/llm-prefill/llm-prefill-fn:${'v1'}; rm`]) expect(OWN_IMAGE.test(no)).toBe(false);
  });
});
