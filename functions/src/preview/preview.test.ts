/** preview over each release's configs: the vllm line in every shape, per pod config and release, TLS. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { releaseOf, type ReleaseName } from '../kserve/releases';
import { releaseConfig } from '../plan/release-configs';
import { preview } from './preview';

type Obj = Record<string, unknown>;
const ROOT = join(__dirname, '../../..');

const service = (prefill: Obj): Obj => ({
  apiVersion: 'serving.kserve.io/v1alpha2',
  kind: 'LLMInferenceService',
  metadata: { name: 'svc', namespace: 'llm' },
  spec: { model: { uri: 'hf://org/m', name: 'org/m' }, prefill },
});
const SINGLE = service({ template: { containers: [{ name: 'main', args: ['--max-model-len', '8192'] }] } });
const DP = service({ parallelism: { data: 16, dataLocal: 8, tensor: 1, expert: true }, template: { containers: [{ name: 'main' }] }, worker: { containers: [{ name: 'main' }] } });
const serveLines = (text: string) => text.split('\n').filter((l) => /^\s+vllm serve /.test(l)).map((l) => l.trim());

describe('preview finds the vllm line in every release shape', () => {
  test('v0.17.0 template config: the plain list, with the container args appended', () => {
    const text = preview([SINGLE], { release: releaseOf('v0.17.0') });
    expect(serveLines(text)).toEqual(['vllm serve /mnt/models --served-model-name org/m --port 8000 --max-model-len 8192']);
    expect(text).toContain('prefill config: kserve-config-llm-prefill-template (not in the input: the embedded functions/src/plan/releases/v0.17.0/config-llm-prefill-template.yaml), for KServe v0.17.0');
    expect(text).toContain('a plain command list');
    expect(text).toContain('KServe v0.17.0 has no TLS setting');
  });

  test('v0.18.0 data-parallel config: eval "vllm serve ..." in the script, leader and worker', () => {
    const text = preview([DP], { release: releaseOf('v0.18.0') });
    const lines = serveLines(text);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      'vllm serve /mnt/models --served-model-name "org/m" --port 8000 --api-server-count ${VLLM_API_SERVER_COUNT:-8} --enable-expert-parallel --tensor-parallel-size 1 ' +
        '--data-parallel-size 16 --data-parallel-size-local 8 --data-parallel-address ${DP_ADDRESS} --data-parallel-rpc-port 5555 --data-parallel-start-rank ${START_RANK} ' +
        '--disable-uvicorn-access-log ${VLLM_ADDITIONAL_ARGS} --trust-remote-code',
    );
    expect(lines[1]).toContain('--headless');
    expect(text).toMatch(/eval in the shell script/);
    expect(text).toContain('replicas 1 × 2 pod(s) per replica (data 16 / dataLocal 8), tensor 1');
  });

  test.each(['v0.17.0', 'v0.19.0', 'v0.20.0'] as ReleaseName[])('%s: a vllm line for every pod of both configs', (name) => {
    const release = releaseOf(name);
    expect(serveLines(preview([SINGLE], { release }))).toHaveLength(1);
    const dp = serveLines(preview([DP], { release }));
    expect(dp).toHaveLength(2);
    for (const l of dp) expect(l).toContain('--data-parallel-size 16');
    if (name !== 'v0.17.0') for (const l of dp) expect(l).toContain('${SHUTDOWN_TIMEOUT_ARGS}');
    else for (const l of dp) expect(l).toContain('--data-parallel-address $(LWS_LEADER_ADDRESS)');
  });

  test('--tls on adds the ssl flags where the release has them; off (the default) does not, and says which it assumed', () => {
    const on = preview([SINGLE], { release: releaseOf('v0.20.0'), tls: true });
    expect(serveLines(on)[0]).toContain('--enable-ssl-refresh --ssl-certfile /var/run/kserve/tls/tls.crt --ssl-keyfile /var/run/kserve/tls/tls.key');
    expect(on).toContain('TLS on (');
    const off = preview([SINGLE], { release: releaseOf('v0.20.0') });
    expect(serveLines(off)[0]).not.toContain('ssl');
    expect(off).toMatch(/TLS off .*KServe's default is off/);
  });

  test('a v0.20.0 config in the input on a v0.17.0 controller: KServe would fail to render it, and preview says so', () => {
    const config = parse(readFileSync(join(ROOT, 'base/config-llm-prefill-template.yaml'), 'utf8')) as Obj;
    const text = preview([config, SINGLE], { release: releaseOf('v0.17.0') });
    expect(text).toMatch(/kserve-config-llm-prefill-template \(in the previewed resources\): KServe v0\.17\.0 would fail to render it: .*function "shutdownTimeout" not defined/);
  });

  test('the same shapes given in the input: v0.17.0 template (plain list) and v0.18.0 data-parallel config (eval)', () => {
    const t17 = parse(releaseConfig('v0.17.0', 'template') ?? '') as Obj;
    const single = preview([t17, SINGLE], { release: releaseOf('v0.17.0') });
    expect(single).toContain('prefill config: kserve-config-llm-prefill-template (in the previewed resources), for KServe v0.17.0');
    expect(serveLines(single)).toEqual(['vllm serve /mnt/models --served-model-name org/m --port 8000 --max-model-len 8192']);
    const d18 = parse(releaseConfig('v0.18.0', 'dataParallel') ?? '') as Obj;
    const dp = preview([d18, DP], { release: releaseOf('v0.18.0') });
    expect(dp).toContain('prefill config: kserve-config-llm-prefill-worker-data-parallel (in the previewed resources), for KServe v0.18.0');
    expect(serveLines(dp)).toHaveLength(2);
    for (const l of serveLines(dp)) expect(l).toMatch(/^vllm serve \/mnt\/models --served-model-name "org\/m" --port 8000 .*--data-parallel-size 16 /);
  });
});
