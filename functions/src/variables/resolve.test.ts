import { resolveVariables, type ConfigMapData } from './resolve';

const none = () => undefined;

describe('resolveVariables', () => {
  test('value, then variablesFrom in order, then env, then default', () => {
    const cms: Record<string, ConfigMapData> = { a: { data: { B: 'from-a' }, localConfig: true }, b: { data: { B: 'from-b', C: 'from-b' }, localConfig: true } };
    const r = resolveVariables(
      {
        variables: { A: { value: 'inline', env: 'X' }, B: { env: 'X' }, C: { default: 'd' }, D: { env: 'X', default: 'd' }, E: { default: 'd' } },
        variablesFrom: [{ configMap: 'a' }, { configMap: 'b' }],
      },
      { X: 'from-env' },
      (n) => cms[n],
    );
    expect(Object.fromEntries(r.values)).toEqual({ A: 'inline', B: 'from-a', C: 'from-b', D: 'from-env', E: 'd' });
    expect(r.problems).toEqual([]);
  });

  test('a required variable without value records the sources tried', () => {
    const r = resolveVariables({ variables: { REGION: { env: 'ARGOCD_ENV_REGION', required: true } }, variablesFrom: [{ configMap: 'vars' }] }, {}, () => ({ data: {}, localConfig: true }));
    expect(r.unset.has('REGION')).toBe(true);
    expect(r.required.has('REGION')).toBe(true);
    expect(r.tried.get('REGION')).toEqual(['value (not given)', 'ConfigMap vars (no key REGION)', 'environment variable ARGOCD_ENV_REGION (not set)', 'default (not given)']);
  });

  test('engine argocd: the build environment that is set counts as declared', () => {
    const r = resolveVariables({ engine: 'argocd' }, { ARGOCD_APP_NAME: 'llm-prod', ARGOCD_ENV_CLUSTER: 'eu1', HOME: '/root' }, none);
    expect(Object.fromEntries(r.values)).toEqual({ ARGOCD_APP_NAME: 'llm-prod', ARGOCD_ENV_CLUSTER: 'eu1' });
    expect(resolveVariables({ engine: 'none' }, { ARGOCD_APP_NAME: 'x' }, none).values.size).toBe(0);
  });

  test('deferToFlux: deferred; only with engine flux and without value or env', () => {
    expect(resolveVariables({ engine: 'flux', variables: { TAG: { deferToFlux: true } } }, {}, none)).toMatchObject({ problems: [] });
    expect(resolveVariables({ engine: 'flux', variables: { TAG: { deferToFlux: true } } }, {}, none).deferred.has('TAG')).toBe(true);
    expect(resolveVariables({ variables: { TAG: { deferToFlux: true } } }, {}, none).problems.map((p) => p.path)).toEqual(['spec.pipeline.variables.TAG.deferToFlux']);
    expect(resolveVariables({ engine: 'flux', variables: { TAG: { deferToFlux: true, value: 'x' } } }, {}, none).problems[0].severity).toBe('error');
  });

  test('variablesFrom: missing ConfigMap is an error unless optional; not local-config is a warning', () => {
    expect(resolveVariables({ variablesFrom: [{ configMap: 'gone' }] }, {}, none).problems).toMatchObject([{ severity: 'error', path: 'spec.pipeline.variablesFrom[0].configMap' }]);
    expect(resolveVariables({ variablesFrom: [{ configMap: 'gone', optional: true }] }, {}, none).problems).toEqual([]);
    expect(resolveVariables({ variablesFrom: [{ configMap: 'live' }] }, {}, () => ({ data: {}, localConfig: false })).problems).toMatchObject([{ severity: 'warning' }]);
  });
});

describe('resolveVariables: empty values and values that refer to variables', () => {
  test('an environment variable set to "" falls through to the declared default (as ${VAR:-default} does)', () => {
    const r = resolveVariables({ variables: { NS: { env: 'ARGOCD_APP_NAMESPACE', default: 'apps' }, E: { env: 'EMPTY' } } }, { ARGOCD_APP_NAMESPACE: '', EMPTY: '' }, none);
    expect(Object.fromEntries(r.values)).toEqual({ NS: 'apps', E: '' });
  });

  test('values are filled to a fixed point, so a second run has nothing left to fill', () => {
    const r = resolveVariables({ variables: { A: { value: 'a-${B}' }, B: { value: '${C:-c}/${C}' }, C: {} } }, {}, none);
    expect(Object.fromEntries(r.values)).toEqual({ A: 'a-c/', B: 'c/' });
    expect(r.problems).toEqual([]);
  });

  test('a cycle, a reference to a deferred variable or a form not filled is an error on the variable', () => {
    const cycle = resolveVariables({ variables: { A: { value: 'x${B}' }, B: { value: '${A}' } } }, {}, none);
    expect(cycle.problems.map((p) => [p.path, p.severity])).toEqual([
      ['spec.pipeline.variables.A', 'error'],
      ['spec.pipeline.variables.B', 'error'],
    ]);
    expect(cycle.problems[0]?.message).toContain('no fixed point');
    const deferred = resolveVariables({ engine: 'flux', variables: { A: { value: 'x${T}' }, T: { deferToFlux: true } } }, {}, none);
    expect(deferred.problems.map((p) => p.message)).toEqual([expect.stringContaining('${T} is left for Flux (deferToFlux), but it is in the value of A')]);
    const form = resolveVariables({ variables: { A: { value: '${#B}' }, B: { value: 'b' } } }, {}, none);
    expect(form.problems.map((p) => p.path)).toEqual(['spec.pipeline.variables.A']);
  });

  test('values that only look like references to undeclared names are data', () => {
    const r = resolveVariables({ variables: { A: { value: '${HOME} $$ $(cmd)' } } }, {}, none);
    expect(r.values.get('A')).toBe('${HOME} $$ $(cmd)');
    expect(r.problems).toEqual([]);
  });
});

test('engine flux with escape, run inside Argo CD (which never substitutes): an error', () => {
  const pipeline = { engine: 'flux' as const, flux: { substitution: 'escape' as const } };
  expect(resolveVariables(pipeline, { ARGOCD_APP_NAME: 'llm-prod-flux' }, none).problems).toEqual([
    expect.objectContaining({ severity: 'error', path: 'spec.pipeline.flux.substitution', message: expect.stringContaining('never substitutes') }),
  ]);
  expect(resolveVariables(pipeline, {}, none).problems).toEqual([]);
  expect(resolveVariables({ engine: 'flux' }, { ARGOCD_APP_NAME: 'x' }, none).problems).toEqual([]);
});
