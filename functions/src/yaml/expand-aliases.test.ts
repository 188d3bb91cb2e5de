/**
 * Aliases in the managed configs (issue 12, item 2): the filters read and merge through them the
 * way a YAML reader does, an edit lands only where the alias was (expanded there), and an alias
 * nothing edits stays an alias.
 */
import { parse } from 'yaml';
import { applyFilters, TEMPLATE_CONFIG } from '../filters/filter-test-kit';
import { mergeEnv } from '../filters/merge-env';
import { setImage } from '../filters/set-image';
import { setScheduling } from '../filters/set-scheduling';
import { setSharedMemory } from '../filters/set-shared-memory';

/** A template config whose pod lists are aliases of anchored lists in an annotation. */
const ALIASED = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata:
  name: kserve-config-llm-prefill-template
  namespace: kserve
  annotations:
    shared-env: &common
      - name: A
        value: "1"
    main-name: &n main
    dshm-name: &d dshm
spec:
  prefill:
    template:
      nodeSelector: &ns
        pool: a
      containers:
        - name: *n
          image: x:v1
          env: *common
      volumes: &v
        - name: *d
          emptyDir:
            sizeLimit: 1Gi
    worker:
      nodeSelector: *ns
      containers:
        - name: main
          image: x:v1
      volumes: *v
`;

type Pod = { nodeSelector: Record<string, string>; containers: { name: string; env?: { name: string; value: string }[] }[]; volumes: { name: string; emptyDir: Record<string, unknown> }[] };
const pods = (text: string) => (parse(text) as { spec: { prefill: { template: Pod; worker: Pod } } }).spec.prefill;
const annotations = (text: string) => (parse(text) as { metadata: { annotations: Record<string, unknown> } }).metadata.annotations;

describe('aliases in a managed config', () => {
  test('env: *common gets the new entry after the ones it stands for; the anchored list keeps its value', () => {
    const r = applyFilters(ALIASED, [mergeEnv({ B: '2' })], 'template');
    expect(pods(r.text).template.containers[0]!.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
    expect(annotations(r.text)['shared-env']).toEqual([{ name: 'A', value: '1' }]);
  });

  test('an env entry named through the alias is updated, not added twice', () => {
    const r = applyFilters(ALIASED, [mergeEnv({ A: '9' })], 'template');
    expect(pods(r.text).template.containers[0]!.env).toEqual([{ name: 'A', value: '9' }]);
    expect(annotations(r.text)['shared-env']).toEqual([{ name: 'A', value: '1' }]);
  });

  test('name: *n on container main and on volume dshm: found, not duplicated', () => {
    const r = applyFilters(ALIASED, [setImage('x:v2'), setSharedMemory('2Gi')], 'template');
    const { template, worker } = pods(r.text);
    expect(template.containers.map((c) => c.name)).toEqual(['main']);
    expect(template.volumes).toEqual([{ name: 'dshm', emptyDir: { sizeLimit: '2Gi' } }]);
    expect(worker.volumes).toEqual([{ name: 'dshm', emptyDir: { sizeLimit: '2Gi' } }]);
    // The alias on the name is not touched: it stays an alias.
    expect(r.text).toContain('        - name: *n\n          image: x:v2\n');
  });

  test('nodeSelector: *ns is merged key by key in each pod, keeping the keys it stands for', () => {
    const r = applyFilters(ALIASED, [setScheduling({ nodeSelector: { zone: 'z' } })], 'template');
    const { template, worker } = pods(r.text);
    expect(template.nodeSelector).toEqual({ pool: 'a', zone: 'z' });
    expect(worker.nodeSelector).toEqual({ pool: 'a', zone: 'z' });
  });

  test('volumes: *v in the worker: edited where it is, the anchored list edited once', () => {
    const r = applyFilters(ALIASED, [setSharedMemory('2Gi')], 'template');
    expect(r.text).toContain('      volumes: &v\n        - name: *d\n          emptyDir:\n            sizeLimit: 2Gi\n');
    expect(r.text).not.toMatch(/&v[\s\S]*&v/);
  });

  test('an alias nothing edits stays an alias; a second run changes nothing', () => {
    const r = applyFilters(ALIASED, [mergeEnv({ B: '2' })], 'template');
    expect(r.text).toContain('      volumes: *v\n');
    expect(r.text).toContain('      nodeSelector: *ns\n');
    expect(applyFilters(r.text, [mergeEnv({ B: '2' })], 'template').changes).toEqual([]);
  });

  test('a config without aliases is unaffected', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [mergeEnv({ B: '2' })], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].env[1].name', 'spec.prefill.template.containers[0].env[1].value']);
  });
});
