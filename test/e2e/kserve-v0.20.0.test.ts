/**
 * The function over KServe v0.20.0's own prefill configs, with an overlay that sets every field:
 * only keyed fields change, and the scripts (container command) stay byte-identical, so the same
 * overlay keeps working when the base moves to another KServe release.
 * Reads ../shared/kserve/v0.20.0 (reference material beside the repository); skips, saying so,
 * when it is not there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { documentAsItem, itemAsDocument } from '../../functions/src/files/stream';
import { diffPaths } from '../../functions/src/filters/filter-test-kit';
import { runFunction } from '../../functions/src/pipeline';
import { decode } from '../../functions/src/krm/decode';
import { fluxSubstitute } from '../support/flux-envsubst';
import { ROOT } from '../support/tools';
import { announceSkip, NO_REFERENCE } from '../support/skip';

const KSERVE = join(ROOT, '..', 'shared', 'kserve', 'v0.20.0');
const FILES = ['config-llm-prefill-template.yaml', 'config-llm-prefill-worker-data-parallel.yaml'];

/** A PrefillOverlay "prod" for KServe's own files (no config is added): `spec` lines follow. */
const prodOverlay = (spec: string) => `functionConfig:
  apiVersion: fn.llm-prefill.dev/v1alpha1
  kind: PrefillOverlay
  metadata:
    name: prod
  spec:
    overlay: prod
    ifMissing: ignore
${spec}`;

const OVERLAY = prodOverlay(`    image: ghcr.io/llm-d/llm-d-cuda:v0.9.0
    imagePullPolicy: Always
    env: {VLLM_LOGGING_LEVEL: DEBUG, NCCL_DEBUG: WARN}
    vllmArgs: ["--max-model-len", "8192", "--kv-transfer-config", '{"kv_connector":"NixlConnector"}']
    resources: {gpus: 8, cpu: {requests: "64", limits: "128"}, memory: 256Gi, ephemeralStorage: 800Gi, rdma: {resource: rdma/roce_gdr, count: 1}}
    sharedMemory: 16Gi
    roce: {enabled: true, gidIndex: 3, socketIfname: net1, networks: roce-p2}
    scheduling: {nodeSelector: {pool: h200}, tolerations: [{key: nvidia.com/gpu, operator: Exists}], priorityClassName: high, serviceAccountName: llm}
    terminationGracePeriodSeconds: 120
    labels: {team: llm}
    annotations: {example.com/owner: platform}
    parallelism: {data: 16, dataLocal: 8, tensor: 1, expert: true}
    replicas: 1
`);

/** Where a keyed patch may land; anything else changing is a failure. */
const ALLOWED = [
  /^metadata\.labels\./,
  /^spec\.prefill\.(labels|annotations)\./,
  /^spec\.prefill\.(parallelism\.\w+|replicas)$/,
  /^spec\.prefill\.(template|worker)\.containers\[0\]\.(image|imagePullPolicy|env\[\d+\]\.\w+|resources\..+|securityContext\.capabilities\.add\[\d+\])$/,
  /^spec\.prefill\.(template|worker)\.(nodeSelector\..+|tolerations.*|priorityClassName|serviceAccountName|terminationGracePeriodSeconds)$/,
  /^spec\.prefill\.(template|worker)\.volumes\[2\]\.emptyDir\.sizeLimit$/,
];

const present = existsSync(KSERVE);
if (!present) announceSkip('the function over KServe v0.20.0 configs, and engine flux over them', `${NO_REFERENCE} (${KSERVE})`);
(present ? describe : describe.skip)('the function over KServe v0.20.0 configs', () => {
  // Read in beforeAll: jest runs the body of a skipped describe too, to collect its tests.
  let sources: string[] = [];
  let out: ReturnType<typeof runFunction>;
  let outputs: string[] = [];
  beforeAll(() => {
    sources = FILES.map((f) => readFileSync(join(KSERVE, f), 'utf8'));
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' + sources.map((s) => documentAsItem(s.replace(/^metadata:\n/m, 'metadata:\n  namespace: kserve\n'))).join('') + OVERLAY;
    out = runFunction(input);
    outputs = decode(out.text).items.map((item) => itemAsDocument(item.chunk));
  });

  test('runs without errors and changes both configs', () => {
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    expect(outputs).toHaveLength(2);
    outputs.forEach((o, i) => expect(o).not.toBe(sources[i]));
  });

  test.each(FILES.map((f, i) => [f, i] as const))('%s: only keyed fields change', (_file, i) => {
    const before = parse(sources[i]) as unknown;
    const after = parse(outputs[i]) as unknown;
    const changed = diffPaths(before, after).filter((p) => p !== 'metadata.namespace');
    expect(changed.length).toBeGreaterThan(10);
    expect(changed.filter((p) => !ALLOWED.some((re) => re.test(p)))).toEqual([]);
  });

  test.each(FILES.map((f, i) => [f, i] as const))('%s: every script is byte-identical', (_file, i) => {
    // The text of each command list (from "command:" to the next key at its indentation).
    const commands = (text: string) => [...text.matchAll(/^( +)command:\n[\s\S]*?(?=^\1\S)/gm)].map((m) => m[0]);
    const inCommands = commands(sources[i]);
    expect(inCommands.length).toBeGreaterThan(0);
    expect(commands(outputs[i])).toEqual(inCommands);
  });
});

/**
 * engine flux with escape over KServe's own files: Flux's post-build substitution (the model in
 * test/support/flux-envsubst.ts), strict, gives back exactly the output of engine none, with the
 * deferred ${IMAGE_TAG} filled by Flux.
 */
(present ? describe : describe.skip)('engine flux, escape, over KServe v0.20.0 configs', () => {
  const spec = (engine: string) =>
    prodOverlay(`    image: ghcr.io/llm-d/llm-d-cuda:\${IMAGE_TAG}
    env: {CLUSTER_NAME: "\${CLUSTER}"}
    pipeline:
${engine}
`);
  const run = (functionConfig: string) => {
    const sources = FILES.map((f) => readFileSync(join(KSERVE, f), 'utf8'));
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' + sources.map((s) => documentAsItem(s)).join('') + functionConfig;
    const out = runFunction(input, { MY_CLUSTER: 'eu1' });
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    return decode(out.text).items.map((item) => itemAsDocument(item.chunk));
  };

  test('Flux (strict) turns the escaped output into the engine-none output', () => {
    const escaped = run(spec('      engine: flux\n      flux: {substitution: escape}\n      variables: {IMAGE_TAG: {deferToFlux: true}, CLUSTER: {env: MY_CLUSTER}}'));
    const plain = run(spec('      variables: {IMAGE_TAG: {value: v0.9.0}, CLUSTER: {env: MY_CLUSTER}}'));
    const unmark = (text: string) => text.replace(/^ {4}llm-prefill\.dev\/flux-escaped: "true"\n/m, '').replace(/^ {2}annotations:\n(?=\S)/m, '');
    escaped.forEach((text, i) => {
      const flux = fluxSubstitute(text, { IMAGE_TAG: 'v0.9.0' }, true);
      if (!flux.ok) throw new Error(flux.error);
      expect(parse(unmark(flux.text))).toEqual(parse(plain[i]));
      expect(flux.text).toContain('ghcr.io/llm-d/llm-d-cuda:v0.9.0');
    });
    // And unescaped, the same output would not survive Flux's strict mode.
    expect(plain.some((text) => !fluxSubstitute(text, { IMAGE_TAG: 'v0.9.0' }, true).ok)).toBe(true);
  });
});
