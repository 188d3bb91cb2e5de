/**
 * Pipeline variables and engine flux through the whole function (issues 12 and 15): what reaches
 * the output, and the results that say why not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fluxSubstitute } from '../../../test/support/flux-envsubst';
import { fluxPostBuild } from '../../../test/support/flux-postbuild';
import { documentAsItem } from '../files/stream';
import { runFunction } from '../pipeline';
import type { Env } from './resolve';

const ROOT = join(__dirname, '../../..');
const TEMPLATE = readFileSync(join(ROOT, 'base/config-llm-prefill-template.yaml'), 'utf8');
const SERVICE = readFileSync(join(ROOT, 'base/llminferenceservice-sample.yaml'), 'utf8');

type Obj = Record<string, unknown>;

function list(spec: string, items: string[] = [TEMPLATE]): string {
  return (
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' +
    items.map(documentAsItem).join('') +
    `functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: t}\n  spec:\n    overlay: t\n    configs: [template]\n${spec.replace(/^/gm, '    ')}\n`
  );
}

const items = (text: string) => (parse(text) as { items: Obj[] }).items;
const byKind = (text: string, kind: string) => items(text).filter((i) => i.kind === kind);
const errors = (out: ReturnType<typeof runFunction>) => out.results.filter((r) => r.severity === 'error');
const warnings = (out: ReturnType<typeof runFunction>) => out.results.filter((r) => r.severity === 'warning');

describe('values', () => {
  test('engine argocd, ARGOCD_APP_NAMESPACE="" (no destination namespace): ${ARGOCD_APP_NAMESPACE:-apps} gives apps', () => {
    const env: Env = { ARGOCD_APP_NAMESPACE: '', ARGOCD_APP_NAME: 'llm' };
    const out = runFunction(list('labels: {ns: "${ARGOCD_APP_NAMESPACE:-apps}", app: "${ARGOCD_APP_NAME}"}\npipeline: {engine: argocd}'), env);
    expect(errors(out)).toEqual([]);
    const config = JSON.stringify(byKind(out.text, 'LLMInferenceServiceConfig')[0]);
    expect(config).toContain('"ns":"apps"');
    expect(config).toContain('"app":"llm"');
  });

  test('a value that refers to another variable: filled to a fixed point, a second run changes nothing', () => {
    const spec = 'pipeline:\n  variables: {TAG: {value: "${MAJOR}.1"}, MAJOR: {value: v0}}';
    const config = TEMPLATE.replace('  name: kserve-config-llm-prefill-template\n', '  name: kserve-config-llm-prefill-template\n  annotations: {tag: "${TAG}"}\n');
    const once = runFunction(list(spec, [config]));
    expect(errors(once)).toEqual([]);
    const [out] = byKind(once.text, 'LLMInferenceServiceConfig');
    expect((out?.metadata as { annotations: Record<string, string> }).annotations.tag).toBe('v0.1');
    const twice = runFunction(list(spec, [JSON.stringify(out)]));
    expect(byKind(twice.text, 'LLMInferenceServiceConfig')).toEqual([out]);
    // MAJOR is used, through TAG's value.
    expect(warnings(once).map((w) => w.message).join('\n')).not.toContain('MAJOR is declared but used nowhere');
  });

  test('a mistyped reference next to a declared name is an error with a did-you-mean; a variable used nowhere is a warning', () => {
    const out = runFunction(list('image: "ghcr.io/llm-d/llm-d-cuda:${IMAGE_TAGG}"\npipeline:\n  variables: {IMAGE_TAG: {value: v1}, UNUSED: {value: x}}'));
    expect(out.failed).toBe(true);
    // Named in the functionConfig, and where it lands in the config.
    expect(errors(out)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('did you mean ${IMAGE_TAG}?'), field: { path: 'spec.image' } }),
      expect.objectContaining({ message: expect.stringContaining('did you mean ${IMAGE_TAG}?'), field: { path: 'spec.prefill.template.containers[0].image' } }),
    ]);
    const unused = warnings(out).map((w) => w.field?.path);
    expect(unused).toEqual(expect.arrayContaining(['spec.pipeline.variables.IMAGE_TAG', 'spec.pipeline.variables.UNUSED']));
  });

  test('a mistyped reference in a managed field (not shell text) is an error naming the resource', () => {
    const config = TEMPLATE.replace('  name: kserve-config-llm-prefill-template\n', '  name: kserve-config-llm-prefill-template\n  annotations: {owner: "${CLUSTR}"}\n');
    const out = runFunction(list('pipeline:\n  variables: {CLUSTER: {value: eu}}', [config]));
    expect(errors(out)).toEqual([expect.objectContaining({ message: expect.stringContaining('did you mean ${CLUSTER}?'), resourceRef: expect.objectContaining({ name: 'kserve-config-llm-prefill-template' }) })]);
  });
});

describe('engine flux, escape', () => {
  const FLUX = 'pipeline:\n  engine: flux\n  flux: {substitution: escape}\n  variables: {HOME: {deferToFlux: true}, IMAGE_TAG: {deferToFlux: true}, DEFAULT_TAG: {value: v0.9.0}}';

  const withHomeInScript = TEMPLATE.replace(/\n( +)VLLM_VERSION=\$\(vllm/, (_m, indent: string) => `\n${indent}echo "home=\${HOME}"\n${indent}VLLM_VERSION=$(vllm`);

  test('a deferred name that is also a script variable (HOME): the scripts are escaped whole, Flux fills nothing in them', () => {
    const out = runFunction(list(`image: "ghcr.io/x:\${IMAGE_TAG:-\${DEFAULT_TAG}}"\nlabels: {home: "\${HOME}"}\n${FLUX}`, [withHomeInScript]));
    expect(errors(out)).toEqual([]);
    const [config] = byKind(out.text, 'LLMInferenceServiceConfig') as { spec: { prefill: { template: { containers: { name: string; command?: string[] }[] } } } }[];
    const script = config?.spec.prefill.template.containers.find((c) => c.name === 'main')?.command?.[2] as string;
    expect(withHomeInScript).not.toBe(TEMPLATE);
    expect(script).toContain('$${HOME}');
    const applied = fluxSubstitute(JSON.stringify(config), { HOME: '/flux-home', IMAGE_TAG: 'v1' }, true);
    expect(applied.ok).toBe(true);
    const text = applied.ok ? applied.text : '';
    expect(text).toContain('home=${HOME}');
    expect(text).not.toContain('/flux-home"; echo');
    expect(text).toContain('"home":"/flux-home"');
    expect(text).toContain('ghcr.io/x:v1');
    expect(fluxSubstitute(JSON.stringify(config), { HOME: '/h' }, true)).toMatchObject({ ok: true, text: expect.stringContaining('ghcr.io/x:v0.9.0') });
  });

  test('the result says the Kustomization needs substituteStrategy: Always', () => {
    const out = runFunction(list(`image: "ghcr.io/x:\${IMAGE_TAG}"\n${FLUX}`));
    expect(out.results.map((r) => r.message).join('\n')).toContain('substituteStrategy: Always');
  });

  test('a hand edit with bash $$ in an escaped resource survives the next run', () => {
    const once = runFunction(list(`image: "ghcr.io/x:\${IMAGE_TAG}"\n${FLUX}`));
    const [config] = byKind(once.text, 'LLMInferenceServiceConfig');
    // A new value written in bash's terms after the run (here: bash -c's $0, a string of its own).
    // And inside an escaped script, next to the function's own escaping.
    const edited = JSON.stringify(config)
      .replace('"-c",', () => '"-c","pid=$$",')
      .replace(' $${VLLM_ADDITIONAL_ARGS} ', () => ' $${VLLM_ADDITIONAL_ARGS} ppid=$$ ');
    expect(edited).toContain('"pid=$$"');
    expect(edited).toContain('ppid=$$');
    const twice = runFunction(list(`image: "ghcr.io/x:\${IMAGE_TAG}"\n${FLUX}`, [edited]));
    expect(errors(twice)).toEqual([]);
    const [again] = byKind(twice.text, 'LLMInferenceServiceConfig');
    const applied = fluxSubstitute(JSON.stringify(again), { IMAGE_TAG: 'v1', HOME: '/h' }, true);
    // Flux gives back the hand edit as written: `$$` reaches bash (its PID), the rest as engine none.
    expect(applied).toMatchObject({ ok: true, text: expect.stringContaining('"-c","pid=$$",') });
    expect(applied).toMatchObject({ ok: true, text: expect.stringContaining(' ${VLLM_ADDITIONAL_ARGS} ppid=$$ ') });
    // An untouched escaped resource is unescaped and escaped again to the same text.
    const third = runFunction(list(`image: "ghcr.io/x:\${IMAGE_TAG}"\n${FLUX}`, [JSON.stringify(config)]));
    expect(byKind(third.text, 'LLMInferenceServiceConfig')).toEqual([config]);
  });
});

describe('engine flux: resources the function does not manage', () => {
  const WEIRD = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'weird-but-valid', namespace: 'team-a' }, data: { script: 'echo "${#ARR[@]}" ${FOO}' } });
  const PLAIN = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: 'team-a' }, data: { s: 'no dollars' } });

  test('scope managed (default): a warning names each exposed resource and says what to do', () => {
    const out = runFunction(list('pipeline: {engine: flux, flux: {substitution: escape}}', [TEMPLATE, WEIRD, PLAIN]));
    expect(errors(out)).toEqual([]);
    const exposed = warnings(out).filter((w) => w.message.includes('not managed by this function'));
    expect(exposed).toEqual([expect.objectContaining({ resourceRef: expect.objectContaining({ name: 'weird-but-valid' }), field: { path: 'data.script' } })]);
    expect(exposed[0]?.message).toContain('flux.scope: all');
  });

  test.each(['escape', 'protect'])('scope all, %s: Flux, strict or not, leaves the unmanaged resource as it was', (mode) => {
    const out = runFunction(list(`pipeline: {engine: flux, flux: {substitution: ${mode}, scope: all}}`, [TEMPLATE, WEIRD, PLAIN]));
    expect(errors(out)).toEqual([]);
    const weird = items(out.text).find((i) => (i.metadata as Obj).name === 'weird-but-valid') as Obj;
    const annotations = ((weird.metadata as Obj).annotations ?? {}) as Record<string, string>;
    for (const strict of [true, false]) {
      const applied = annotations['kustomize.toolkit.fluxcd.io/substitute'] === 'disabled' ? { ok: true, text: JSON.stringify(weird.data) } : fluxSubstitute(JSON.stringify(weird.data), { X: 'x' }, strict);
      expect(applied).toEqual({ ok: true, text: JSON.stringify({ script: 'echo "${#ARR[@]}" ${FOO}' }) });
    }
    expect(items(out.text).find((i) => (i.metadata as Obj).name === 'plain')).toEqual(JSON.parse(PLAIN));
  });

  test('local-config items (never deployed) are left alone', () => {
    const local = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'vars', annotations: { 'config.kubernetes.io/local-config': 'true' } }, data: { s: '${X}' } });
    const out = runFunction(list('pipeline: {engine: flux, flux: {substitution: escape, scope: all}}', [TEMPLATE, local, SERVICE]));
    expect(errors(out)).toEqual([]);
    expect(items(out.text).find((i) => (i.metadata as Obj).name === 'vars')).toEqual(JSON.parse(local));
  });
});

describe('issue 15, each case: Flux (model + measured table), strict and not, gives engine none`s output, or the run fails', () => {
  const WEIRD = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'weird-but-valid', namespace: 'team-a' }, data: { script: 'echo "${#ARR[@]}" ${FOO}' } });
  const HOME_SCRIPT = TEMPLATE.replace(/\n( +)VLLM_VERSION=\$\(vllm/, (_m, indent: string) => `\n${indent}echo "home=\${HOME} hca=\${NCCL_IB_HCA:-\${HCA}}"\n${indent}VLLM_VERSION=$(vllm`);
  interface Case {
    what: string;
    fields: string;
    /** Deferred under Flux; under engine none the same names get these values. */
    flux: Record<string, string>;
    filled?: string;
    items?: string[];
  }
  const CASES: Case[] = [
    { what: 'nested default, outer deferred, inner filled here', fields: 'image: "ghcr.io/x:${IMAGE_TAG:-${DEFAULT_TAG}}"', flux: { IMAGE_TAG: 'v0.9.1' }, filled: 'DEFAULT_TAG: {value: v0.9.0}' },
    { what: 'nested default, outer deferred and unset at Flux', fields: 'image: "ghcr.io/x:${IMAGE_TAG:-${DEFAULT_TAG}}"', flux: {}, filled: 'DEFAULT_TAG: {value: v0.9.0}\n    IMAGE_TAG: {}' },
    { what: 'inner deferred in an undeclared reference', fields: 'labels: {hca: "${NCCL_IB_HCA:-${HCA}}"}', flux: { HCA: 'mlx5_2' } },
    { what: 'a deferred name the scripts also use (HOME), HCA in a script', fields: 'labels: {home: "${HOME}", hca: "${HCA}"}', flux: { HOME: '/flux-home', HCA: 'mlx5_2' }, items: [HOME_SCRIPT, SERVICE] },
    { what: 'empty values take :- and := defaults', fields: 'labels: {a: "${X:-d}", b: "${X:=e}", c: "${IMAGE_TAG:-t}"}', flux: { IMAGE_TAG: '' }, filled: 'X: {value: ""}' },
    { what: 'an unmanaged ConfigMap with ${#ARR[@]} and ${FOO} (scope all)', fields: 'image: "ghcr.io/x:${IMAGE_TAG}"', flux: { IMAGE_TAG: 'v1' }, items: [TEMPLATE, SERVICE, WEIRD] },
  ];
  const declare = (names: string[], as: (n: string) => string) => names.map((n) => `    ${n}: ${as(n)}`).join('\n');

  test.each(CASES.flatMap((c) => [true, false].map((strict) => [c.what, strict, c] as const)))('%s (strict %s)', (_what, strict, c) => {
    const inputItems = c.items ?? [TEMPLATE, SERVICE];
    const filled = c.filled ? `\n    ${c.filled}` : '';
    const escaped = runFunction(list(`${c.fields}\npipeline:\n  engine: flux\n  flux: {substitution: escape, scope: all}\n  variables:\n${declare(Object.keys(c.flux), () => '{deferToFlux: true}')}${filled}`, inputItems));
    const none = runFunction(list(`${c.fields}\npipeline:\n  engine: none\n  variables:\n${declare(Object.keys(c.flux), (n) => `{value: ${JSON.stringify(c.flux[n])}}`)}${filled}`, inputItems));
    expect(errors(escaped)).toEqual([]);
    expect(errors(none)).toEqual([]);
    const applied = fluxPostBuild(items(escaped.text), { substitute: c.flux, strict, strategy: 'Always' });
    if (!applied.ok) throw new Error(applied.error);
    const unmark = (r: Obj) => {
      const copy = JSON.parse(JSON.stringify(r)) as { metadata: { annotations?: Record<string, string> } };
      delete copy.metadata.annotations?.['llm-prefill.dev/flux-escaped'];
      if (copy.metadata.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
      return copy;
    };
    expect(applied.resources.map((r) => unmark(r as Obj))).toEqual(items(none.text));
  });

  test.each([
    ['a deferred variable in vllmArgs', 'vllmArgs: [--tag, "${TAG}"]', /\$\{TAG\} is left for Flux \(deferToFlux\), but it is in spec\.vllmArgs/],
    ['a deferred default holding an undeclared reference', 'image: "x:${TAG:-${OTHER}}"', /\$\{OTHER\} in the default of \$\{TAG:-\.\.\.\} is not declared/],
    ['a form bash and Flux disagree on', 'image: "x:${TAG-latest}"', /only \$\{TAG\}, \$\{TAG:-default\} and \$\{TAG:=default\} are filled/],
    ['a mistyped name', 'image: "x:${TAGG}"', /did you mean \$\{TAG\}\?/],
  ])('%s: the run fails, naming it', (_what, fields, message) => {
    const out = runFunction(list(`${fields}\npipeline:\n  engine: flux\n  flux: {substitution: escape}\n  variables: {TAG: {deferToFlux: true}}`));
    expect(out.failed).toBe(true);
    expect(errors(out).map((e) => e.message).join('\n')).toMatch(message);
  });
});
