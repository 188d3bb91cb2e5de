import { lintTemplate, type LintOptions, type TemplateFinding } from './lint';
import { TEST_SPEC_SCHEMA } from './test-fixtures';

const OPTIONS: LintOptions = { specSchema: TEST_SPEC_SCHEMA };

function lint(text: string, options: LintOptions = OPTIONS): TemplateFinding[] {
  return lintTemplate(text, options);
}

function messages(text: string, options?: LintOptions): string[] {
  return lint(text, options).map((f) => `${f.severity}: ${f.message}`);
}

describe('lintTemplate', () => {
  test('KServe-style templates pass', () => {
    for (const t of [
      '--served-model-name "{{ .Spec.Model.Name }}" --data-parallel-size {{ or .Spec.Prefill.Parallelism.Data 1 }}',
      '{{ if and .Spec.Prefill .Spec.Prefill.Parallelism .Spec.Prefill.Parallelism.Tensor }}--tp {{ .Spec.Prefill.Parallelism.Tensor }}{{ end }}',
      '{{ if .Spec.Prefill }}{{ shutdownTimeout .Spec.Prefill.Template 15 }}{{ else }}{{ shutdownTimeout nil 15 }}{{ end }}',
      '{{ if .Spec.Prefill }}{{ kvTransferConfig .Spec.Prefill.KVCacheOffloading }}{{ end }}',
      '{{ if .Spec.Prefill.Parallelism.DataRPCPort }}{{ .Spec.Prefill.Parallelism.DataRPCPort }}{{ else }}5555{{- end }}',
      "scheme: '{{ if .GlobalConfig.EnableTLS }}HTTPS{{else}}HTTP{{- end }}'",
      '{{ ChildName .ObjectMeta.Name `-kserve-self-signed-certs` }}',
      '{{- /* a comment */ -}} {{ .GlobalConfig.InferencePoolNamespacedName }}',
      '{{ range .Spec.Prefill.Template.Containers }}{{ .Whatever }}{{ end }}',
      '{{ with .Spec.Prefill.Parallelism }}{{ .Anything }}{{ end }}',
      '{{ $p := .Spec.Prefill }}{{ $p.Whatever }}',
      '{{ .Spec.Prefill.Template.TerminationGracePeriodSeconds }} {{ .Spec.Prefill.Template.Anything.Below }}',
      '{{ index .ObjectMeta.Labels `app` }} {{ len .Spec.Prefill.Labels }}',
    ]) {
      expect({ t, findings: lint(t) }).toEqual({ t, findings: [] });
    }
  });

  describe('syntax', () => {
    test.each([
      ['x {{ .Spec', 2, 'unclosed action'],
      ['{{ if .Spec.Prefill }}x', 0, 'unexpected EOF: missing {{end}} for {{if}} at line 1'],
      ['x\n{{ end }}', 5, 'unexpected {{end}}'],
      ['{{ else }}', 3, 'unexpected {{else}}'],
      ['{{ range .Spec.Prefill }}{{ if .A }}{{ end }}', 0, 'unexpected EOF: missing {{end}} for {{range}} at line 1'],
      ['{{ $x }}', 3, 'undefined variable "$x"'],
    ])('%j: %s', (text, offset, message) => {
      expect(lint(text)).toEqual([{ severity: 'error', offset, line: text.slice(0, offset).split('\n').length, message }]);
    });

    test('a trim marker without white space gets a hint', () => {
      expect(messages('{{ .Spec.Model.Name-}}')).toEqual(["error: bad character U+002D '-' (a trim marker needs white space on its inner side: `{{- ` and ` -}}`)"]);
      expect(messages('{{-.Spec.Model.Name }}')[0]).toMatch(/^error: bad number syntax: "-\.S" \(a trim marker needs/);
    });

    test('a comment that does not touch the delimiters gets a hint', () => {
      expect(messages('{{ /* note */ }}')).toEqual(['error: unexpected "/" in command (a comment must touch the delimiters: `{{/* ... */}}` or `{{- /* ... */ -}}`)']);
      expect(messages('{{/* note */ }}')[0]).toMatch(/^error: comment ends before closing delimiter/);
    });

    test('a " or a line break inside an action breaks KServe\'s JSON-encoded template', () => {
      const [f] = lint('{{ ChildName .ObjectMeta.Name "-certs" }}');
      expect(f).toMatchObject({ severity: 'error', offset: 30 });
      expect(f.message).toMatch(/^unexpected "\\\\" in operand \(KServe executes the JSON-encoded config/);
      expect(lint('{{ if\n  .Spec.Prefill }}x{{ end }}')[0]).toMatchObject({ severity: 'error', line: 1 });
      expect(lint('{{ ChildName .ObjectMeta.Name "-certs" }}', { ...OPTIONS, embedding: 'none' })).toEqual([]);
    });

    test('< > & in a literal: a warning', () => {
      expect(messages('{{ printf `<%s>` .ObjectMeta.Name }}')[0]).toMatch(/^warning: `<%s>`: KServe executes the JSON-encoded config/);
      expect(lint('{{ printf `<%s>` .ObjectMeta.Name }}', { ...OPTIONS, embedding: 'none' })).toEqual([]);
    });
  });

  describe('functions', () => {
    test('only builtins and KServe functions, with a suggestion', () => {
      expect(messages('{{ childName .ObjectMeta.Name `-x` }} {{ Foo }}')).toEqual([
        'error: function "childName" not defined (did you mean "ChildName"?)',
        'error: function "Foo" not defined',
      ]);
      expect(lint('{{ myFunc 1 }}', { ...OPTIONS, functions: ['myFunc'] })).toEqual([]);
    });

    test('argument counts, counting a piped value', () => {
      expect(messages('{{ ChildName .ObjectMeta.Name }}')).toEqual(['error: wrong number of args for ChildName: want 2 got 1']);
      expect(messages('{{ shutdownTimeout nil }}')).toEqual(['error: wrong number of args for shutdownTimeout: want 2 got 1']);
      expect(messages('{{ printf }}')).toEqual(['error: wrong number of args for printf: want at least 1 got 0']);
      expect(lint('{{ `-x` | ChildName .ObjectMeta.Name }}')).toEqual([]);
      expect(messages('{{ 1 | not 2 }}')).toEqual(['error: wrong number of args for not: want 1 got 2']);
    });

    test('comparing or printing an optional (pointer) field', () => {
      expect(messages('{{ if eq .Spec.Prefill.Parallelism.Tensor 1 }}x{{ end }}')).toEqual([
        'error: .Spec.Prefill.Parallelism.Tensor is a pointer (*int32) in Go, and eq does not dereference pointers: it fails with "incompatible types for comparison"',
      ]);
      expect(lint('{{ if eq .Spec.Prefill.Parallelism.Expert true }}x{{ end }}')).toEqual([]);
      expect(messages('{{ printf `%s` .Spec.Model.Name }}')).toEqual([
        'warning: .Spec.Model.Name is a pointer (*string) in Go: printf prints its address, not its value (write {{ .Spec.Model.Name }} instead)',
      ]);
    });
  });

  describe('field chains', () => {
    test('a misspelled .Spec field names the chain up to it, with a suggestion', () => {
      expect(lint('x {{ .Spec.Prefil.Parallelism.Data }}')).toEqual([
        { severity: 'error', offset: 5, line: 1, message: `.Spec.Prefil: can't evaluate field Prefil in type v1alpha2.LLMInferenceServiceSpec (did you mean "Prefill"?)` },
      ]);
      expect(messages('{{ .Spec.Prefill.Paralelism.Data }}')).toEqual([`error: .Spec.Prefill.Paralelism: can't evaluate field Paralelism in type v1alpha2.WorkloadSpec (did you mean "Parallelism"?)`]);
      expect(messages('{{ .Spec.Prefill.Parallelism.DataRpcPort }}')).toEqual([`error: .Spec.Prefill.Parallelism.DataRpcPort: can't evaluate field DataRpcPort in type v1alpha2.ParallelismSpec (did you mean "DataRPCPort"?)`]);
      expect(messages('{{ $.Spec.Modl.Name }}')).toEqual([`error: $.Spec.Modl: can't evaluate field Modl in type v1alpha2.LLMInferenceServiceSpec (did you mean "Model"?)`]);
    });

    test('Go field names are case-sensitive; initialisms are accepted', () => {
      expect(messages('{{ .Spec.model.name }}')[0]).toMatch(/^error: \.Spec\.model: can't evaluate field model/);
      expect(lint('{{ .Spec.Prefill.KVCacheOffloading.CPU }} {{ .Spec.Prefill.Parallelism.DataRPCPort }}')).toEqual([]);
      expect(messages('{{ .Spec.Prefill.KvCacheOffloading }}')[0]).toMatch(/did you mean "KVCacheOffloading"/);
    });

    test('fields of a schema-only type: derived Go names, case-insensitive match is a warning', () => {
      const schema = { type: 'object', properties: { ...TEST_SPEC_SCHEMA.properties, storageUri: { type: 'string' } } };
      expect(lint('{{ .Spec.StorageUri }} {{ .Spec.StorageURI }}', { specSchema: schema })).toEqual([]);
      expect(messages('{{ .Spec.StorageuRI }}', { specSchema: schema })).toEqual([
        'warning: .Spec.StorageuRI: Go\'s field name is probably "StorageURI" (JSON "storageUri"); Go field names are case-sensitive',
      ]);
    });

    test('below a PodSpec without properties anything goes; a typed list or scalar has no fields', () => {
      expect(lint('{{ .Spec.Prefill.Worker.Containers }}')).toEqual([]);
      expect(messages('{{ .Spec.Prefill.Parallelism.Data.Value }}')).toEqual([`error: .Spec.Prefill.Parallelism.Data.Value: can't evaluate field Value in type *int32`]);
      const schema = { type: 'object', properties: { prefill: { type: 'object', properties: { template: { type: 'object', properties: { containers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } } } } } } };
      expect(messages('{{ .Spec.Prefill.Template.Containers.Name }}', { specSchema: schema })).toEqual([
        `error: .Spec.Prefill.Template.Containers.Name: can't evaluate field Name in type []v1.Container (a list: use index or range)`,
      ]);
    });

    test('map keys are warnings (missingkey=error)', () => {
      expect(messages('{{ .ObjectMeta.Labels.app }}')).toEqual([
        'warning: .ObjectMeta.Labels.app: a map key; if the map has no key "app" the reconcile fails (missingkey=error); (index .ObjectMeta.Labels `app`) gives "" instead',
      ]);
      expect(messages('{{ .Spec.Prefill.Annotations.x }}')).toHaveLength(1);
    });

    test('.ObjectMeta and .GlobalConfig have fixed fields', () => {
      expect(lint('{{ .ObjectMeta.Name }}{{ .ObjectMeta.Namespace }}{{ .ObjectMeta.UID }}{{ .ObjectMeta.GenerateName }}{{ .ObjectMeta.Labels }}{{ .ObjectMeta.Annotations }}')).toEqual([]);
      expect(lint('{{ .GlobalConfig.SystemNamespace }}{{ .GlobalConfig.IngressGatewayName }}{{ .GlobalConfig.IngressGatewayNamespace }}{{ .GlobalConfig.EnableTLS }}{{ .GlobalConfig.ModelBasedRoutingHeaderName }}{{ .GlobalConfig.InferencePoolNamespacedName }}')).toEqual([]);
      expect(messages('{{ .ObjectMeta.name }}')).toEqual([`error: .ObjectMeta.name: can't evaluate field name in type v1.ObjectMeta (did you mean "Name"?)`]);
      expect(messages('{{ .GlobalConfig.EnableTls }}')).toEqual([`error: .GlobalConfig.EnableTls: can't evaluate field EnableTls in type llmisvc.templateGlobalConfig (did you mean "EnableTLS"?)`]);
      expect(messages('{{ .ObjectMeta.ResourceVersion }}')[0]).toMatch(/^warning: \.ObjectMeta\.ResourceVersion: set by the API server/);
    });

    test('roots: .Spec, .ObjectMeta, .GlobalConfig; others warn or fail', () => {
      expect(messages('{{ .Name }}')).toEqual(["warning: .Name: works (promoted from the service's ObjectMeta), but KServe's configs write .ObjectMeta.Name"]);
      expect(messages('{{ .Status }}')).toEqual(['warning: .Status: not one of .Spec, .ObjectMeta, .GlobalConfig, the data KServe\'s configs rely on']);
      expect(messages('{{ .Sepc.Model }}')[0]).toMatch(/^error: \.Sepc: can't evaluate field Sepc in type struct \{ \*v1alpha2.LLMInferenceService; GlobalConfig llmisvc.templateGlobalConfig \} \(did you mean "Spec"\?\)/);
    });

    test('local $refs of the schema are followed', () => {
      const schema = {
        type: 'object',
        properties: { prefill: { $ref: '#/$defs/Workload' } },
        $defs: { Workload: { type: 'object', properties: { parallelism: { allOf: [{ $ref: '#/$defs/Par' }] } } }, Par: { type: 'object', properties: { data: { type: 'integer' } } } },
      };
      expect(lint('{{ .Spec.Prefill.Parallelism.Data }}', { specSchema: schema })).toEqual([]);
      expect(messages('{{ .Spec.Prefill.Parallelism.Dat }}', { specSchema: schema })[0]).toMatch(/did you mean "Data"/);
    });

    test('without a schema, .Spec is checked against KServe\'s known fields', () => {
      expect(messages('{{ .Spec.Prefil }}', {})[0]).toMatch(/did you mean "Prefill"/);
      expect(lint('{{ .Spec.Prefill.Template.Anything }}', {})).toEqual([]);
    });

    test('findings carry 1-based lines', () => {
      expect(lint('a\nb\n  {{ .Spec.Modle.Name }}')).toMatchObject([{ line: 3, offset: 9 }]);
    });
  });
});

describe('the function set and .GlobalConfig of a release', () => {
  const v17 = { kserveFunctions: ['ChildName'], globalConfigFields: ['SystemNamespace', 'IngressGatewayName', 'IngressGatewayNamespace'], missingNote: (kind: string, name: string) => `${kind} ${name} is newer` };
  test('a KServe function the release lacks is "not defined", with the note', () => {
    expect(lintTemplate('{{ shutdownTimeout nil 15 }}', v17).map((f) => f.message)).toEqual(['function "shutdownTimeout" not defined (function shutdownTimeout is newer)']);
    expect(lintTemplate('{{ ChildName .ObjectMeta.Name `-x` }}', v17)).toEqual([]);
  });
  test('a .GlobalConfig field the release lacks cannot be evaluated, with the note', () => {
    expect(lintTemplate('{{ if .GlobalConfig.EnableTLS }}x{{ end }}', v17).map((f) => f.message)).toEqual([
      ".GlobalConfig.EnableTLS: can't evaluate field EnableTLS in type llmisvc.templateGlobalConfig (field EnableTLS is newer)",
    ]);
    expect(lintTemplate('{{ .GlobalConfig.SystemNamespace }}', v17)).toEqual([]);
  });
  test('by default all three functions and every field', () => {
    expect(lintTemplate('{{ shutdownTimeout nil 15 }}{{ kvTransferConfig nil }}{{ .GlobalConfig.InferencePoolNamespacedName }}')).toEqual([]);
  });
});
