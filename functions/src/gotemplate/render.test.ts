import type { TemplateData } from './data';
import { formatTemplateError } from './errors';
import { renderAsKServe, renderTemplate, type RenderOptions } from './render';
import { TEST_SPEC_SCHEMA, sampleData } from './test-fixtures';

const DATA = sampleData();

function ok(text: string, data: TemplateData = DATA, options: RenderOptions = {}): string {
  const r = renderTemplate(text, data, undefined, options);
  if (!r.ok) throw new Error(formatTemplateError(r.error));
  return r.text;
}

function err(text: string, data: TemplateData = DATA, options: RenderOptions = {}): string {
  const r = renderTemplate(text, data, undefined, options);
  if (r.ok) throw new Error(`rendered ${JSON.stringify(r.text)}`);
  return r.error.message;
}

const noPrefill = sampleData({ Spec: { model: { name: 'm' } } });
const emptyPrefill = sampleData({ Spec: { model: { name: 'm' }, prefill: {} } });

describe.each([
  ['with the schema', { specSchema: TEST_SPEC_SCHEMA }],
  ['without a schema', {}],
] as [string, RenderOptions][])('renderTemplate %s', (_name, options) => {
  test('fields: Go names resolve to the JSON keys', () => {
    expect(ok('{{ .Spec.Model.Name }}/{{ .Spec.Prefill.Parallelism.DataLocal }}/{{ .ObjectMeta.Namespace }}/{{ .GlobalConfig.SystemNamespace }}', DATA, options)).toBe('m/8/ns/kserve');
    expect(ok('{{ .Spec.Prefill.KVCacheOffloading }}', sampleData({ Spec: { prefill: { kvCacheOffloading: { cpu: '1Gi' } } } }), options)).toBe('{1Gi}');
  });

  test('an absent pointer field inside a present struct is nil: false, printed <nil>', () => {
    expect(ok('{{ .Spec.Prefill.Parallelism.Pipeline }}', DATA, options)).toBe('<nil>');
    expect(ok('{{ if .Spec.Prefill.Parallelism.DataRPCPort }}x{{ else }}5555{{ end }}', DATA, options)).toBe('5555');
    expect(ok('{{ or .Spec.Prefill.Parallelism.Pipeline 1 }}', DATA, options)).toBe('1');
    expect(ok('{{ if .Spec.Prefill }}yes{{ else }}no{{ end }}', noPrefill, options)).toBe('no');
  });

  test('an absent value field has its zero value (Expert is a bool, not a pointer)', () => {
    expect(ok('{{ .Spec.Prefill.Parallelism.Expert }}', sampleData({ Spec: { prefill: { parallelism: { data: 2 } } } }), options)).toBe('false');
    expect(ok('{{ .GlobalConfig.IngressGatewayName }}|{{ .GlobalConfig.EnableTLS }}', sampleData({ GlobalConfig: {} }), options)).toBe('|false');
  });

  test('a present but empty struct is true (a non-nil pointer)', () => {
    expect(ok('{{ if .Spec.Prefill }}yes{{ end }}', emptyPrefill, options)).toBe('yes');
  });

  test('walking through a nil pointer is an error', () => {
    expect(err('{{ .Spec.Prefill.Parallelism.Tensor }}', noPrefill, options)).toBe('nil pointer evaluating *v1alpha2.WorkloadSpec.Parallelism');
    expect(err('{{ .Spec.Prefill.Parallelism.Expert }}', emptyPrefill, options)).toBe('nil pointer evaluating *v1alpha2.ParallelismSpec.Expert');
  });

  test('a field the type does not have is an error, with a suggestion', () => {
    expect(err('{{ .Spec.Prefil.Parallelism }}', DATA, options)).toBe(`can't evaluate field Prefil in type v1alpha2.LLMInferenceServiceSpec (did you mean "Prefill"?)`);
    expect(err('{{ .Spec.model.name }}', DATA, options)).toMatch(/^can't evaluate field model in type v1alpha2.LLMInferenceServiceSpec/);
    expect(err('{{ .GlobalConfig.EnableTls }}', DATA, options)).toMatch(/^can't evaluate field EnableTls in type llmisvc.templateGlobalConfig \(did you mean "EnableTLS"\?\)/);
    expect(err('{{ .Foo }}', DATA, options)).toMatch(/^can't evaluate field Foo in type struct \{ \*v1alpha2.LLMInferenceService; GlobalConfig/);
  });

  test('a missing map key is an error (missingkey=error); index gives the zero value', () => {
    expect(ok('{{ .ObjectMeta.Labels.app }}', DATA, options)).toBe('a');
    expect(err('{{ .ObjectMeta.Labels.tier }}', DATA, options)).toBe('map has no entry for key "tier"');
    expect(err('{{ .ObjectMeta.Annotations.x }}', DATA, options)).toBe('map has no entry for key "x"');
    expect(ok('[{{ index .ObjectMeta.Labels "tier" }}]', DATA, { ...options, embedding: 'none' })).toBe('[]');
  });

  test('promoted ObjectMeta fields work at the root', () => {
    expect(ok('{{ .Name }}.{{ .Namespace }}', DATA, options)).toBe('svc.ns');
  });
});

describe('renderTemplate semantics', () => {
  test('printing: integers without .0, floats as Go, booleans, nil, no value', () => {
    expect(ok('{{ 3 }} {{ 3.0 }} {{ 1.5 }} {{ 1e6 }} {{ 123456.0 }} {{ 0.00001 }} {{ true }} {{ 0x10 }}')).toBe('3 3 1.5 1e+06 123456 1e-05 true 16');
    expect(ok('{{ .Spec.Prefill.Parallelism.Pipeline }}')).toBe('<nil>');
    expect(ok('{{ .Spec.Prefill.Template.Containers }}', DATA, { specSchema: TEST_SPEC_SCHEMA })).toBe('[map[name:main]]');
  });

  test('or, and (short-circuit), not', () => {
    expect(ok('{{ or .Spec.Prefill.Parallelism.Data 1 }} {{ or 0 `` }}|{{ and 1 0 2 }} {{ and 1 2 }} {{ not 0 }} {{ not .Spec.Prefill }}')).toBe('16 |0 2 true false');
    expect(ok('{{ if and .Spec.Prefill .Spec.Prefill.Parallelism .Spec.Prefill.Parallelism.Tensor }}t{{ else }}f{{ end }}', noPrefill)).toBe('f');
    expect(ok('{{ or .Spec.Prefill.Parallelism.DataLocal 1 }}', sampleData({ Spec: { prefill: { parallelism: {} } } }))).toBe('1');
  });

  test('comparisons follow Go: same basic kinds only, pointers are not dereferenced', () => {
    expect(ok('{{ eq 1 1 }} {{ eq `a` `b` `a` }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt `b` `a` }} {{ ge 1 2 }}')).toBe('true true true true true true false');
    expect(ok('{{ eq .ObjectMeta.Name `svc` }} {{ eq .Spec.Prefill.Parallelism.Expert true }} {{ eq .Spec.Prefill nil }}')).toBe('true true false');
    expect(err('{{ eq .Spec.Prefill.Parallelism.Tensor 1 }}')).toBe('error calling eq: incompatible types for comparison: *int32 and int');
    expect(err('{{ lt 1 2.0 }}')).toBe('error calling lt: incompatible types for comparison');
    expect(err('{{ eq 1 }}')).toBe('error calling eq: missing argument for comparison');
  });

  test('len, index, slice, print, printf, println, html, js, urlquery', () => {
    const none = { embedding: 'none' } as const;
    expect(ok('{{ len .Spec.Prefill.Template.Containers }} {{ len `héllo` }} {{ len .ObjectMeta.Labels }}')).toBe('1 6 1');
    expect(ok('{{ (index .Spec.Prefill.Template.Containers 0).name }} {{ index `ab` 1 }} {{ slice `abcdef` 1 3 }}')).toBe('main 98 bc');
    expect(ok('{{ print 1 2 "a" 3 "b" "c" }}|{{ println 1 "a" }}|', DATA, none)).toBe('1 2a3bc|1 a\n|');
    expect(ok('{{ printf "%s-%d-%v-%q-%t" "a" 3 4.5 "q" true }} {{ printf "%05d|%-3s|%x" 42 "ab" 255 }}', DATA, none)).toBe('a-3-4.5-"q"-true 00042|ab |ff');
    expect(ok('{{ printf "%d" "x" }} {{ printf "%s" }} {{ printf "%s" 1 2 }}', DATA, none)).toBe('%!d(string=x) %!s(MISSING) %!s(int=1)%!(EXTRA int=2)');
    expect(ok('{{ html "<a>" }} {{ js "a\'b" }} {{ urlquery "a b&c" }}', DATA, none)).toBe("&lt;a&gt; a\\'b a+b%26c");
    expect(ok('{{ 1 | printf "%d-%d" 2 }} {{ "abc" | len }}', DATA, none)).toBe('2-1 3');
  });

  test('print and printf do not dereference pointers (Go prints an address)', () => {
    expect(ok('{{ print .Spec.Model.Name }}')).toMatch(/^0xc0+$/);
  });

  test('if / else if / else, with, range over lists and maps, variables, break', () => {
    expect(ok('{{ if 0 }}a{{ else if 2 }}b{{ else }}c{{ end }}')).toBe('b');
    expect(ok('{{ with .Spec.Prefill.Parallelism }}{{ .Data }}/{{ .DataLocal }}{{ end }}')).toBe('16/8');
    expect(ok('{{ with .Spec.Prefill }}x{{ else }}none{{ end }}', noPrefill)).toBe('none');
    expect(ok('{{ range $i, $c := .Spec.Prefill.Template.Containers }}{{ $i }}={{ $c.name }}{{ end }}')).toBe('0=main');
    expect(ok('{{ range $k, $v := .ObjectMeta.Labels }}{{ $k }}:{{ $v }}{{ end }}{{ range .ObjectMeta.Annotations }}x{{ else }}none{{ end }}')).toBe('app:anone');
    expect(ok('{{ $x := 5 }}{{ if $x }}{{ $x = 6 }}{{ end }}{{ $x }} {{ $.Spec.Model.Name }}')).toBe('6 m');
    expect(ok('{{ range 5 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}')).toBe('012');
  });

  test('execution errors are worded like Go and point at the action', () => {
    const r = renderTemplate('line 1\n  {{ .Spec.Prefil }}', DATA);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ phase: 'exec', offset: 12, line: 2, context: '.Spec.Prefil' });
      expect(formatTemplateError(r.error)).toBe(`template: config:2: executing "config" at <.Spec.Prefil>: can't evaluate field Prefil in type v1alpha2.LLMInferenceServiceSpec (did you mean "Prefill"?)`);
    }
    expect(err('{{ nil }}')).toBe('nil is not a command');
    expect(err('{{ ChildName `a` }}')).toBe('wrong number of args for ChildName: want 2 got 1');
    expect(err('{{ .Spec.Model.Name 1 }}')).toBe('Name has arguments but cannot be invoked as function');
    expect(err('{{ shutdownTimeout nil 1.5 }}')).toBe('expected integer; found 1.5');
    expect(err('{{ shutdownTimeout nil .Spec.Prefill.Parallelism.Data }}')).toBe('wrong type for value; expected int64; got *int32');
    expect(err('{{ ChildName .Spec.Model.Name `x` }}', sampleData({ Spec: { model: {} } }))).toBe('dereference of nil pointer of type string');
  });

  test('parse errors come back as errors too', () => {
    const r = renderTemplate('{{ if .A }}', DATA);
    expect(r.ok ? undefined : r.error).toMatchObject({ phase: 'parse', offset: 0, message: 'unexpected EOF: missing {{end}} for {{if}} at line 1' });
  });

  test('caller functions are called with plain values and can replace KServe\'s', () => {
    const r = renderTemplate('{{ upper .ObjectMeta.Name }} {{ kvTransferConfig nil }}', DATA, {
      upper: (s) => String(s).toUpperCase(),
      kvTransferConfig: (spec) => (spec === null ? 'none' : 'some'),
    });
    expect(r).toEqual({ ok: true, text: 'SVC none' });
  });
});

describe('kserve-json embedding (how KServe executes config strings)', () => {
  test('a trim marker keeps the line break (it is \\n in the JSON text), plain text/template does not', () => {
    const text = 'a \\\n    {{- if .Spec.Prefill.Parallelism.Expert }} --x{{- end }} \\\n';
    expect(ok(text)).toBe('a \\\n --x \\\n');
    expect(ok(text, DATA, { embedding: 'none' })).toBe('a \\ --x \\\n');
  });

  test('a " or a line break inside an action is a parse error in KServe', () => {
    expect(err('{{ ChildName .ObjectMeta.Name "-x" }}')).toBe('unexpected "\\\\" in operand');
    expect(ok('{{ ChildName .ObjectMeta.Name "-x" }}', DATA, { embedding: 'none' })).toBe('svc-x');
    expect(err('{{ if\n .Spec.Prefill }}x{{ end }}')).toBe("bad character U+005C '\\'");
  });

  test('< > & in a literal arrive JSON-escaped: printing round-trips, len and eq see the escape', () => {
    expect(ok('{{ `a<b` }} {{ len `a<b` }} {{ eq .ObjectMeta.Name `<` }}')).toBe('a<b 8 false');
    expect(ok('{{ `a<b` }} {{ len `a<b` }}', DATA, { embedding: 'none' })).toBe('a<b 3');
  });

  test('a printed value with a quote breaks the JSON (KServe: failed to unmarshal)', () => {
    const r = renderTemplate('name={{ .Spec.Model.Name }}', sampleData({ Spec: { model: { name: 'a"b' } } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ phase: 'json', offset: 5 });
  });

  test('error offsets are offsets in the decoded string', () => {
    const r = renderTemplate('"q"\n{{ .Spec.Prefil }}', DATA);
    expect(r.ok ? undefined : r.error).toMatchObject({ offset: 7, line: 2 });
  });
});

describe('renderAsKServe', () => {
  test('renders every string of a value in one execution and decodes it', () => {
    const spec = {
      prefill: {
        template: {
          containers: [{ name: 'main', command: ['/bin/bash', '-c', 'serve --n "{{ .Spec.Model.Name }}" --dp {{ or .Spec.Prefill.Parallelism.Data 1 }}'] }],
          volumes: [{ name: 'tls', secret: { secretName: '{{ ChildName .ObjectMeta.Name `-certs` }}' } }],
        },
      },
    };
    const r = renderAsKServe(spec, DATA, undefined, { specSchema: TEST_SPEC_SCHEMA });
    expect(r).toEqual({
      ok: true,
      value: { prefill: { template: { containers: [{ name: 'main', command: ['/bin/bash', '-c', 'serve --n "m" --dp 16'] }], volumes: [{ name: 'tls', secret: { secretName: 'svc-certs' } }] } } },
    });
  });

  test('errors name the path of the string and the offset in it', () => {
    const r = renderAsKServe({ a: ['x', 'ok\n{{ .Spec.Prefil }}'] }, DATA);
    expect(r.ok ? undefined : r.error).toMatchObject({ path: 'a[1]', offset: 6, line: 2, phase: 'exec' });
  });

  test('a value that breaks the JSON fails as in KServe', () => {
    const r = renderAsKServe({ a: '{{ .Spec.Model.Name }}' }, sampleData({ Spec: { model: { name: 'x"' } } }));
    expect(r.ok ? undefined : r.error).toMatchObject({ phase: 'json', path: 'a' });
  });
});
