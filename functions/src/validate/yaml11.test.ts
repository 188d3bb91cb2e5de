import { runFunction } from '../pipeline';
import { yaml11Findings } from './yaml11';
import { parseDocument } from 'yaml';

const findings = (text: string) => yaml11Findings(parseDocument(text).contents);

describe('YAML 1.1 vs 1.2 in the items the function parses (issue 12, item 8)', () => {
  test.each(['yes', 'No', 'ON', 'off', 'y', 'N'])('plain %s: a warning that says what each reader sees and what to write', (word) => {
    const [f] = findings(`a:\n  b: ${word}\n`);
    expect(f?.severity).toBe('warning');
    expect(f?.path).toBe('a.b');
    expect(f?.message).toMatch(/YAML 1\.1/);
    expect(f?.message).toMatch(/YAML 1\.2/);
    expect(f?.message).toMatch(new RegExp(`write (true|false) for a boolean or "${word}" \\(quoted\\)`));
  });

  test('a plain leading-zero integer: octal to Kubernetes, decimal to YAML 1.2', () => {
    const [f] = findings('volumes:\n- configMap: {defaultMode: 0400}\n');
    expect(f?.path).toBe('volumes[0].configMap.defaultMode');
    expect(f?.message).toMatch(/^0400 is octal \(256\).*400 to YAML 1\.2.*write 256/);
  });

  test('quoted, tagged, or unambiguous text is fine', () => {
    expect(findings('a: "yes"\nb: !!str on\nc: true\nd: 0\ne: 10\nf: yesterday\ng: 0x1F\nh: "0400"\n')).toEqual([]);
  });

  test('a merge key is an error', () => {
    const [f] = findings('base: &b {image: a}\nc:\n  <<: *b\n  name: main\n');
    expect(f).toMatchObject({ severity: 'error', path: 'c.<<' });
    expect(f?.message).toMatch(/merge key/);
  });

  test('through the function: a warning at the field of the managed config (beside the schema error it explains)', () => {
    const input =
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceServiceConfig\n  metadata:\n    name: kserve-config-llm-prefill-template\n    namespace: kserve\n  spec:\n    prefill:\n      template:\n        containers:\n        - name: main\n          image: a:v1\n          stdin: yes\n' +
      'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: dev, configs: [template], ifMissing: ignore}\n';
    const out = runFunction(input);
    const w = out.results.find((r) => /YAML 1\.1/.test(r.message));
    expect(w).toMatchObject({ severity: 'warning', field: { path: 'spec.prefill.template.containers[0].stdin' }, resourceRef: { name: 'kserve-config-llm-prefill-template' } });
    expect(out.results.filter((r) => r.severity === 'error').map((r) => r.field?.path)).toEqual(['spec.prefill.template.containers[0].stdin']);
  });
});
