/**
 * What the function writes, kpt reads (issue 12, item 3): for the unusual inputs of issue 12 that
 * succeed — aliases and anchors in the managed configs, an anchor before a first key, a changed
 * flow collection with an anchor and a comment, octal numbers and YAML 1.1 words, an item printed
 * whole, JSON input, flow-style items — the output goes through the real `kpt fn sink` (which
 * writes it as files with kpt's YAML library) and back with `kpt fn source`, and reads as the
 * same data as yaml reads it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runBin } from '../support/run-bin';
import { describeWithTool, requireBuild, ROOT } from '../support/tools';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const CONFIG = 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: dev, image: "x:v2", imagePullPolicy: Always, env: {B: "2"}, sharedMemory: 2Gi, scheduling: {nodeSelector: {zone: z}}, configs: [template], ifMissing: ignore}\n';
const template = (pod: string, metadata = '') =>
  `- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceServiceConfig\n  metadata:\n    name: kserve-config-llm-prefill-template\n    namespace: kserve\n${metadata}  spec:\n    prefill:\n${pod}`;

const CASES: [string, string][] = [
  [
    'aliases of env, volumes and nodeSelector; an anchor before the first key',
    HEAD +
      template(
        '      template:\n        nodeSelector: &ns {pool: a} # the pool\n        containers:\n        - &c name: main\n          image: a:v1\n          env: *common\n        volumes:\n        - name: dshm\n          emptyDir: &shm {medium: Memory, sizeLimit: 1Gi}\n        - name: cfg\n          configMap: {name: c, defaultMode: 0400}\n      worker:\n        nodeSelector: *ns\n        containers:\n        - name: main\n          image: a:v1\n',
        '    annotations:\n      shared: &common\n      - name: A\n        value: "yes"\n',
      ) +
      CONFIG.replace('configs: [template], ', ''),
  ],
  [
    'an anchor before the first key of main, and an anchored flow volume with a comment, both changed',
    HEAD + template('      template:\n        containers:\n        - &c name: main\n          image: a:v1\n        volumes:\n        - name: dshm\n          emptyDir: &shm {medium: Memory, sizeLimit: 1Gi} # shared memory\n') + CONFIG,
  ],
  ['yes and octal numbers in fields nobody targets', HEAD + template('      template:\n        containers:\n        - name: main\n          image: a:v1\n          env:\n          - name: FLAG\n            value: yes\n        volumes:\n        - name: cfg\n          configMap: {name: c, defaultMode: 0644}\n') + CONFIG],
  [
    'an item printed whole (a multi-line flow pod spec)',
    HEAD + template('      template: {\n          containers: [{name: main, image: a, command: ["a script line that is longer than forty characters\\nand a second line"]}],\n          volumes: [{name: cfg, configMap: {name: c, defaultMode: 0400}}]\n        }\n') + CONFIG,
  ],
  ['flow-style items', HEAD + '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: n}, data: {x: "0400", y: yes}}\n' + template('      template:\n        containers:\n        - name: main\n          image: a:v1\n') + CONFIG],
  ['JSON input', JSON.stringify({ ...(parse(HEAD + template('      template:\n        containers:\n        - name: main\n          image: a:v1\n') + CONFIG) as object), items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' }, data: { n: '0777', t: 'on', big: 12345678901234567890 } }, ...(parse(HEAD + template('      template:\n        containers:\n        - name: main\n          image: a:v1\n')) as { items: object[] }).items] })],
];

beforeAll(requireBuild);

describeWithTool('kpt', 'kpt reads what the function writes', (kpt) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-prefill-fn-kpt-reads-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(CASES)('%s', async (name, input) => {
    const run = await runBin(input, { LLM_PREFILL_FN_VERIFY_REPRINT: '1' });
    // KRM mode prints warnings on stderr (YAML 1.1 words and octals are warned about): no error.
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/\[error\]|FAILED/);
    const out = join(dir, name.replace(/\W+/g, '-'));
    const sink = spawnSync(kpt, ['fn', 'sink', out], { input: run.stdout, encoding: 'utf8', cwd: ROOT });
    expect({ status: sink.status, stderr: sink.stderr }).toEqual({ status: 0, stderr: '' });
    const source = spawnSync(kpt, ['fn', 'source', out], { encoding: 'utf8', cwd: ROOT });
    expect(source.status).toBe(0);
    // kpt adds its path and index annotations; otherwise the items are the same data.
    const strip = (items: Record<string, any>[]) =>
      items.map((i) => {
        const copy = structuredClone(i);
        for (const k of Object.keys(copy.metadata?.annotations ?? {})) if (/config\.kubernetes\.io\//.test(k)) delete copy.metadata.annotations[k];
        if (copy.metadata?.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
        return copy;
      });
    const ours = (parse(run.stdout, { maxAliasCount: -1 }) as { items: Record<string, any>[] }).items;
    const kpts = (parse(source.stdout, { maxAliasCount: -1 }) as { items: Record<string, any>[] }).items;
    const byName = (items: Record<string, any>[]) => Object.fromEntries(strip(items).map((i) => [i.metadata.name, i]));
    expect(byName(kpts)).toEqual(byName(ours));
  });
});
