import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { error } from '../krm/results';
import { locatorFor } from './locate';

const TEXT = `# a comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: other
---
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata:
  name: cfg
  labels:
    llm-prefill.dev/overlay: base
spec:
  prefill:
    template:
      containers:
        - name: sidecar
        - name: main
          env:
            - name: A
          args:
            - |
              vllm serve
                {{ .Spec.Model.Nmae }}
`;

describe('locatorFor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'locate-'));
  const file = join(dir, 'configs.yaml');
  writeFileSync(file, TEXT);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const locate = locatorFor([file], dir);
  const ref = { apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceServiceConfig', name: 'cfg' };
  const at = (path?: string) => locate(error('x', { resourceRef: ref, ...(path ? { field: { path } } : {}) })).location;

  test('the line of the field in the source file (second document, keys with dots, [name=...] and [n])', () => {
    expect(at()).toEqual({ path: 'configs.yaml', line: 7 });
    expect(at('metadata.labels.llm-prefill.dev/overlay')).toEqual({ path: 'configs.yaml', line: 12 });
    expect(at('spec.prefill.template.containers[name=main].env')).toEqual({ path: 'configs.yaml', line: 19 });
    expect(at('spec.prefill.template.containers[0]')).toEqual({ path: 'configs.yaml', line: 17 });
  });

  test('a Go template finding: the line inside the block scalar (tags.valueLine)', () => {
    const r = locate(error('Go template: ...', { resourceRef: ref, field: { path: 'spec.prefill.template.containers[name=main].args[0]' }, tags: { valueLine: '2' } }));
    expect(r.location).toEqual({ path: 'configs.yaml', line: 24 });
  });

  test('a field not in the file yet: the deepest part that is', () => {
    expect(at('spec.prefill.template.nodeSelector')).toEqual({ path: 'configs.yaml', line: 15 });
  });

  test('a resource not in the files, or no resourceRef: no location', () => {
    expect(locate(error('x', { resourceRef: { ...ref, name: 'nope' } })).location).toBeUndefined();
    expect(locate(error('x')).location).toBeUndefined();
  });
});
