/**
 * Edits that would not take effect are errors, or are made where they do take effect
 * (issue 12, item 4): a pod spec that is null or missing, a second container main, an env name
 * given twice (Kubernetes uses the last one).
 */
import { runFunction } from '../pipeline';
import { applyFilters, TEMPLATE_CONFIG } from './filter-test-kit';
import { mergeEnv } from './merge-env';
import { setImage } from './set-image';
import { TargetError } from './pod-templates';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const CONFIG = 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: dev, image: "x:v2", configs: [template], ifMissing: ignore}\n';
const item = (spec: string) =>
  `- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceServiceConfig\n  metadata:\n    name: kserve-config-llm-prefill-template\n    namespace: kserve\n  spec:\n${spec}`;

function errorsOf(spec: string) {
  const input = HEAD + item(spec) + CONFIG;
  const out = runFunction(input);
  expect(out.failed).toBe(true);
  // Nothing half-written: the item comes out as it went in.
  expect(out.text).toContain(item(spec));
  return out.results.filter((r) => r.severity === 'error');
}

describe('a pod spec the overlay cannot set fields in is an error, not a silent no-op', () => {
  test('spec.prefill.template: null', () => {
    const [e] = errorsOf('    prefill:\n      template: null\n');
    expect(e?.message).toMatch(/^input line 11: spec\.prefill\.template is null, not a pod spec/);
    expect(e?.field).toEqual({ path: 'spec.prefill.template' });
    expect(e?.resourceRef?.name).toBe('kserve-config-llm-prefill-template');
  });

  test('no pod spec at all', () => {
    const [e] = errorsOf('    prefill:\n      replicas: 1\n');
    expect(e?.message).toMatch(/no pod spec/);
    expect(e?.field).toEqual({ path: 'spec.prefill' });
  });

  test('a second container main', () => {
    const [e] = errorsOf('    prefill:\n      template:\n        containers:\n        - name: main\n          image: a:v1\n        - name: main\n          image: b:v1\n');
    expect(e?.message).toMatch(/^input line 15: spec\.prefill\.template has 2 containers named main/);
    expect(e?.field).toEqual({ path: 'spec.prefill.template.containers' });
  });

  test('the filters say so with a TargetError', () => {
    const twoMains = TEMPLATE_CONFIG.replace('        - name: sidecar\n', '        - name: main\n');
    expect(() => applyFilters(twoMains, [setImage('x:v2')], 'template')).toThrow(TargetError);
  });
});

describe('an env name twice in container main', () => {
  const twice = TEMPLATE_CONFIG.replace('              value: /home\n', '              value: /home\n            - name: HOME\n              value: /root\n');

  test('the last entry, the one Kubernetes uses, is the one set', () => {
    const r = applyFilters(twice, [mergeEnv({ HOME: '/data' })], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].env[1].value']);
    expect(applyFilters(r.text, [mergeEnv({ HOME: '/data' })], 'template').changes).toEqual([]);
  });
});
