import { parseDocument, type YAMLMap } from 'yaml';
import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { envEntry, mergeEnv, setEnv } from './merge-env';

const MAIN = 'spec.prefill.template.containers[0]';
const SECRET = { valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } };

/** TEMPLATE_CONFIG whose container main has one more env entry, given as YAML lines at env-item indent. */
function withEntry(lines: string): string {
  const anchor = '              value: /home\n';
  return TEMPLATE_CONFIG.replace(anchor, anchor + lines);
}

type Env = { name: string; value?: string; valueFrom?: unknown }[];
function mainEnv(doc: unknown, pod: 'template' | 'worker' = 'template'): Env {
  return (doc as { spec: { prefill: Record<string, { containers: { env: Env }[] }> } }).spec.prefill[pod]!.containers[0]!.env;
}

describe('mergeEnv with strings', () => {
  test('template config: an existing entry is updated in place, a new one appended, only in main', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [mergeEnv({ HOME: '/data', NEW_VAR: 'x' })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.env[0].value`, `${MAIN}.env[1].name`, `${MAIN}.env[1].value`]);
    expect(r.changes).toEqual([
      { path: 'spec.prefill.template.containers[name=main].env[name=HOME]', description: 'env HOME' },
      { path: 'spec.prefill.template.containers[name=main].env[name=NEW_VAR]', description: 'env NEW_VAR' },
    ]);
    expect(mainEnv(r.after)).toEqual([
      { name: 'HOME', value: '/data' },
      { name: 'NEW_VAR', value: 'x' },
    ]);
  });

  test('data-parallel config: leader and worker get the entry (env created), nothing else', () => {
    const r = applyFilters(DP_CONFIG, [mergeEnv({ NEW_VAR: 'x' })], 'dataParallel');
    expect(r.changedPaths).toEqual([
      'spec.prefill.template.containers[0].env[0].name',
      'spec.prefill.template.containers[0].env[0].value',
      'spec.prefill.worker.containers[0].env[0].name',
      'spec.prefill.worker.containers[0].env[0].value',
    ]);
    expect(mainEnv(r.after, 'template')).toEqual([{ name: 'NEW_VAR', value: 'x' }]);
    expect(mainEnv(r.after, 'worker')).toEqual([{ name: 'NEW_VAR', value: 'x' }]);
  });

  test('a string that YAML 1.1 reads as a boolean or number is written quoted', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [mergeEnv({ A: 'true', B: '3', C: 'on' })], 'template');
    expect(r.text).toContain('- name: A\n              value: "true"\n');
    expect(r.text).toContain('- name: B\n              value: "3"\n');
    expect(r.text).toContain('- name: C\n              value: "on"\n');
  });

  test('an existing non-string value (value: 3) becomes the string "3"', () => {
    const r = applyFilters(withEntry('            - name: N\n              value: 3\n'), [mergeEnv({ N: '3' })], 'template');
    expect(r.changes.map((c) => c.description)).toEqual(['env N']);
    expect(r.text).toContain('- name: N\n              value: "3"\n');
  });

  test('a string replaces a valueFrom', () => {
    const src = withEntry('            - name: TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: hf-token\n                  key: token\n');
    const r = applyFilters(src, [mergeEnv({ TOKEN: 'literal' })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.env[1].value`, `${MAIN}.env[1].valueFrom.secretKeyRef.key`, `${MAIN}.env[1].valueFrom.secretKeyRef.name`]);
    expect(mainEnv(r.after)[1]).toEqual({ name: 'TOKEN', value: 'literal' });
    expect(applyFilters(r.text, [mergeEnv({ TOKEN: 'literal' })], 'template').changes).toEqual([]);
  });

  test('a multi-line string replacing a one-line value is written as a block scalar, correctly indented', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [mergeEnv({ HOME: 'line1\nline2' })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.env[0].value`]);
    expect(mainEnv(r.after)[0]).toEqual({ name: 'HOME', value: 'line1\nline2' });
    expect(r.text).toContain('- name: HOME\n              value: |-\n                line1\n                line2\n');
    expect(applyFilters(r.text, [mergeEnv({ HOME: 'line1\nline2' })], 'template').changes).toEqual([]);
  });

  test('no entries: nothing changes, no env list is created', () => {
    const r = applyFilters(DP_CONFIG, [mergeEnv({})], 'dataParallel');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(DP_CONFIG);
  });

  test('running again changes nothing', () => {
    const env = { HOME: '/data', NEW_VAR: 'true' };
    for (const [config, role] of [[TEMPLATE_CONFIG, 'template'], [DP_CONFIG, 'dataParallel']] as const) {
      const once = applyFilters(config, [mergeEnv(env)], role);
      expect(once.changes.length).toBeGreaterThan(0);
      const twice = applyFilters(once.text, [mergeEnv(env)], role);
      expect(twice.changes).toEqual([]);
      expect(twice.text).toBe(once.text);
    }
  });
});

describe('mergeEnv with valueFrom', () => {
  test('a new entry with valueFrom is appended as a block', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [mergeEnv({ TOKEN: SECRET })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.env[1].name`, `${MAIN}.env[1].valueFrom.secretKeyRef.key`, `${MAIN}.env[1].valueFrom.secretKeyRef.name`]);
    expect(mainEnv(r.after)[1]).toEqual({ name: 'TOKEN', ...SECRET });
    expect(r.text).toContain('- name: TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: hf-token\n                  key: token\n');
  });

  test('valueFrom replaces a value', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [mergeEnv({ HOME: SECRET })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.env[0].value`, `${MAIN}.env[0].valueFrom.secretKeyRef.key`, `${MAIN}.env[0].valueFrom.secretKeyRef.name`]);
    expect(mainEnv(r.after)[0]).toEqual({ name: 'HOME', ...SECRET });
    expect(r.changes).toEqual([{ path: 'spec.prefill.template.containers[name=main].env[name=HOME]', description: 'env HOME' }]);
  });

  test('a deep-equal valueFrom is unchanged; written in another order or style it is still unchanged', () => {
    const src = withEntry('            - name: TOKEN\n              valueFrom: {secretKeyRef: {key: token, name: hf-token}}\n');
    const r = applyFilters(src, [mergeEnv({ TOKEN: SECRET })], 'template');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(src);
  });

  test('a different valueFrom is updated in place: only the differing fields change, comments stay', () => {
    const src = withEntry(
      '            - name: TOKEN\n              valueFrom: # from the secret\n                secretKeyRef:\n                  name: old-token # rotated monthly\n                  key: token\n                  optional: true\n',
    );
    const r = applyFilters(src, [mergeEnv({ TOKEN: SECRET })], 'template');
    expect(r.changedPaths).toEqual([`${MAIN}.env[1].valueFrom.secretKeyRef.name`, `${MAIN}.env[1].valueFrom.secretKeyRef.optional`]);
    expect(r.text).toContain('valueFrom: # from the secret\n');
    expect(r.text).toContain('name: hf-token # rotated monthly\n');
    expect(applyFilters(r.text, [mergeEnv({ TOKEN: SECRET })], 'template').changes).toEqual([]);
  });

  test('a valueFrom of another kind replaces the old source', () => {
    const src = withEntry('            - name: POD\n              valueFrom:\n                secretKeyRef:\n                  name: a\n                  key: b\n');
    const fieldRef = { valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } };
    const r = applyFilters(src, [mergeEnv({ POD: fieldRef })], 'template');
    expect(mainEnv(r.after)[1]).toEqual({ name: 'POD', ...fieldRef });
    expect(applyFilters(r.text, [mergeEnv({ POD: fieldRef })], 'template').changes).toEqual([]);
  });
});

describe('setEnv', () => {
  test('reports whether the container changed', () => {
    const doc = parseDocument('name: main\n');
    const main = doc.contents as YAMLMap;
    expect(setEnv(doc, main, 'A', 'x')).toBe(true);
    expect(setEnv(doc, main, 'A', 'x')).toBe(false);
    expect(setEnv(doc, main, 'A', SECRET)).toBe(true);
    expect(setEnv(doc, main, 'A', SECRET)).toBe(false);
    expect(envEntry(main, 'A')?.toJSON()).toEqual({ name: 'A', ...SECRET });
    expect(envEntry(main, 'B')).toBeUndefined();
  });
});
