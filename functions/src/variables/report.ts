/**
 * What the run says about variables: problems with the declarations, required variables without a
 * value (naming the sources tried and where the variable is used), and variables used without a
 * value. Also the lookup of variablesFrom ConfigMaps among the items.
 */
import { isMap } from 'yaml';
import { parseItem, type Item } from '../krm/item';
import { error, warning, type ResourceRef, type Result } from '../krm/results';
import type { Usage } from './fill-config';
import type { ConfigMapLookup, Resolution } from './resolve';

export function variableProblems(vars: Resolution, ref: ResourceRef): Result[] {
  return vars.problems.map((p) => (p.severity === 'error' ? error : warning)(p.message, { resourceRef: ref, field: { path: p.path } }));
}

export function variableReport(vars: Resolution, usage: Usage, ref: ResourceRef): Result[] {
  const results: Result[] = fillFindings(vars, ref);
  for (const name of vars.declared) {
    if ((usage.get(name) ?? []).length > 0 || vars.inValues.has(name)) continue;
    results.push(warning(`variable ${name} is declared but used nowhere (no \${${name}} in the functionConfig or in a field of the managed resources): remove it, or check the spelling of its references`, { resourceRef: ref, field: { path: `spec.pipeline.variables.${name}` } }));
  }
  for (const name of vars.unset) {
    if (vars.deferred.has(name)) continue;
    const where = usage.get(name) ?? [];
    const field = { path: `spec.pipeline.variables.${name}` };
    const tried = (vars.tried.get(name) ?? []).join(', ');
    const used = where.length > 0 ? `used in ${where.join('; ')}` : 'not used anywhere';
    if (vars.required.has(name)) {
      results.push(error(`variable ${name} is required but has no value: tried ${tried}; ${used}`, { resourceRef: ref, field }));
    } else if (where.length > 0) {
      results.push(warning(`variable ${name} has no value (tried ${tried}): its references became their inline default or empty; ${used}`, { resourceRef: ref, field }));
    }
  }
  return results;
}

/** What the fill stages found, once each (a config value lands in both configs). */
function fillFindings(vars: Resolution, configRef: ResourceRef): Result[] {
  const seen = new Set<string>();
  const results: Result[] = [];
  for (const f of vars.findings) {
    const key = JSON.stringify([f.ref, f.path, f.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    results.push((f.severity === 'error' ? error : warning)(f.message, { resourceRef: f.ref ?? configRef, field: { path: f.path } }));
  }
  return results;
}

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/** ConfigMaps of the input by name, parsed when asked for. */
export function configMapLookup(items: readonly Item[]): ConfigMapLookup {
  return (name) => {
    const item = items.find((i) => i.id.kind === 'ConfigMap' && i.id.name === name);
    if (!item) return undefined;
    const { node } = parseItem(item.chunk);
    const data = node.get('data', true);
    const annotations = node.getIn(['metadata', 'annotations'], true);
    const values: Record<string, string> = Object.create(null) as Record<string, string>;
    if (isMap(data)) for (const [k, v] of Object.entries(data.toJSON() as Record<string, unknown>)) values[k] = String(v);
    return { data: values, localConfig: isMap(annotations) && String(annotations.get(LOCAL_CONFIG)) === 'true' };
  };
}
