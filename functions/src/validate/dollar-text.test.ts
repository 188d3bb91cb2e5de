import { parseDocument, type YAMLMap } from 'yaml';
import { countDollars, lintResource, type LintContext } from './dollar-text';

const ctx = (over: Partial<LintContext> = {}): LintContext => ({ engine: 'none', declared: new Set(), deferred: new Set(), ...over });

function lint(yaml: string, c: LintContext) {
  const doc = parseDocument(`- ${yaml.replace(/\n(?=.)/g, '\n  ')}`);
  const node = (doc.contents as unknown as { items: YAMLMap[] }).items[0];
  return lintResource(doc, node, c);
}

const SCRIPT_CONFIG = `metadata:
  name: c
spec:
  template:
    containers:
      - name: main
        command:
          - /bin/bash
          - -c
          - 'echo {{ .Spec.Model.Name }} \${HOME} $HOME $(hostname) $((1+2)) \${#arr[@]} $(LWS_LEADER_ADDRESS)'
        env:
          - name: A
            value: '\${CLUSTER}-\${OTHER}'
`;

describe('countDollars', () => {
  test('classifies each kind', () => {
    expect(countDollars('{{ .A }} {{ .B }}', false, new Set())).toMatchObject({ goTemplate: 2 });
    expect(countDollars('$(LWS_LEADER_ADDRESS)', true, new Set())).toMatchObject({ kubernetesVar: 1, shell: 0 });
    expect(countDollars('${HOME} $HOME $(hostname) ${#a[@]}', true, new Set())).toMatchObject({ shell: 4 });
    expect(countDollars('${CLUSTER} ${OTHER}', false, new Set(['CLUSTER']))).toMatchObject({ pipelineVar: 1, other: 1 });
  });
});

describe('lintResource', () => {
  test('counts over a resource; a declared name the script also uses is a warning', () => {
    const { counts, findings } = lint(SCRIPT_CONFIG, ctx({ declared: new Set(['CLUSTER', 'HOME']) }));
    expect(counts).toMatchObject({ goTemplate: 1, kubernetesVar: 1, pipelineVar: 1, other: 1 });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', path: 'spec.template.containers[0].command[2]', message: expect.stringContaining('HOME') })]);
  });

  test('engine flux: $-text neither protected nor escaped is an error', () => {
    const errors = lint(SCRIPT_CONFIG, ctx({ engine: 'flux' })).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.path)).toEqual(['spec.template.containers[0].command[2]', 'spec.template.containers[0].env[0].value']);
  });

  test('engine flux: protected is fine, unless it holds a deferred variable', () => {
    const protectedText = SCRIPT_CONFIG.replace('  name: c\n', "  name: c\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n");
    expect(lint(protectedText, ctx({ engine: 'flux' })).findings.filter((f) => f.severity === 'error')).toEqual([]);
    const withDeferred = lint(protectedText, ctx({ engine: 'flux', deferred: new Set(['CLUSTER']) })).findings;
    expect(withDeferred).toEqual([expect.objectContaining({ severity: 'error', path: 'spec.template.containers[0].env[0].value', message: expect.stringContaining('escape') })]);
  });

  test('engine argocd: an Argo CD variable left in the output is a warning', () => {
    const findings = lint('metadata:\n  labels:\n    rev: ${ARGOCD_APP_REVISION_SHORT}\n', ctx({ engine: 'argocd' })).findings;
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', path: 'metadata.labels.rev' })]);
    expect(lint('metadata:\n  labels:\n    rev: ${ARGOCD_APP_REVISION_SHORT}\n', ctx({ engine: 'argocd', declared: new Set(['ARGOCD_APP_REVISION_SHORT']) })).findings).toEqual([]);
  });
});
