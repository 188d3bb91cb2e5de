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
