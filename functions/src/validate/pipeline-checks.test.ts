/** The validate stage through the whole function: findings on real inputs, as results. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentAsItem } from '../files/stream';
import { runFunction } from '../pipeline';

const ROOT = join(__dirname, '../../..');
const template = readFileSync(join(ROOT, 'base/config-llm-prefill-template.yaml'), 'utf8');
const list = (items: string[], spec: string) =>
  'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' + items.map(documentAsItem).join('') + `functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: t}\n  spec: {overlay: t, configs: [template]${spec}}\n`;

describe('Go templates of a managed config', () => {
  test.each([
    ['a misspelled field', '{{ .Spec.Model.Name }}', '{{ .Spec.Modle.Name }}', /\.Spec\.Modle.*did you mean "Model"/],
    ['an unknown function', '{{ ChildName .ObjectMeta.Name', '{{ ChildNam .ObjectMeta.Name', /function "ChildNam" not defined/],
    ['an unclosed action', '{{- end }}', '{{- end', /unclosed action/],
  ])('%s is an error naming it, with the field path', (_t, from, to, message) => {
    const out = runFunction(list([template.replace(from, to)], ''));
    expect(out.failed).toBe(true);
    const errors = out.results.filter((r) => r.severity === 'error');
    expect(errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(errors[0].resourceRef?.name).toBe('kserve-config-llm-prefill-template');
    expect(errors[0].field?.path).toMatch(/^spec\.prefill\.template\./);
  });

  test('the base config passes', () => {
    expect(runFunction(list([template], '')).results.filter((r) => r.severity !== 'info')).toEqual([]);
  });
});

describe('the bundle', () => {
  test('compiles no schema at run time (validators are precompiled by the build)', () => {
    const bundle = readFileSync(join(ROOT, 'dist/llm-prefill-fn.js'), 'utf8');
    expect(bundle).not.toMatch(/new Ajv\b|\.compile\(\s*schema|addKeyword\(/);
  });
});
