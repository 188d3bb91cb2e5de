import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { mergeWorkloadMetadata } from './merge-workload-metadata';

const ANNOTATION = '      serving.kserve.io/model-based-routing-enabled: "true"\n';

describe('mergeWorkloadMetadata', () => {
  test('template config: merged into spec.prefill.annotations (kept) and spec.prefill.labels (created)', () => {
    const filter = mergeWorkloadMetadata({ labels: { team: 'ml' }, annotations: { 'example.com/owner': 'platform' } });
    const r = applyFilters(TEMPLATE_CONFIG, [filter], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.annotations.example.com/owner', 'spec.prefill.labels.team']);
    expect(r.changes).toEqual([
      { path: 'spec.prefill.labels.team', description: 'prefill label team=ml' },
      { path: 'spec.prefill.annotations.example.com/owner', description: 'prefill annotation example.com/owner=platform' },
    ]);
    expect(r.text).toContain(`    annotations:\n${ANNOTATION}      example.com/owner: platform\n`);
    expect(r.text).toContain('        sizeLimit: 1Gi\n    labels:\n      team: ml\n');
    expect((r.after as { spec: { prefill: { labels: unknown } } }).spec.prefill.labels).toEqual({ team: 'ml' });
  });

  test('data-parallel config: both maps created under spec.prefill, not in the pods or metadata', () => {
    const r = applyFilters(DP_CONFIG, [mergeWorkloadMetadata({ labels: { a: 'b' }, annotations: { c: 'd' } })], 'dataParallel');
    expect(r.changedPaths).toEqual(['spec.prefill.annotations.c', 'spec.prefill.labels.a']);
    expect(r.after).toMatchObject({ spec: { prefill: { labels: { a: 'b' }, annotations: { c: 'd' } } } });
  });

  test('an existing key gets the new value; an equal one is no change', () => {
    const same = applyFilters(TEMPLATE_CONFIG, [mergeWorkloadMetadata({ annotations: { 'serving.kserve.io/model-based-routing-enabled': 'true' } })], 'template');
    expect(same.changes).toEqual([]);
    expect(same.text).toBe(TEMPLATE_CONFIG);
    const r = applyFilters(TEMPLATE_CONFIG, [mergeWorkloadMetadata({ annotations: { 'serving.kserve.io/model-based-routing-enabled': 'false' } })], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.annotations.serving.kserve.io/model-based-routing-enabled']);
    // still a string: quoted, as a YAML 1.1 reader would otherwise read a boolean
    expect(r.text).toBe(TEMPLATE_CONFIG.replace(ANNOTATION, '      serving.kserve.io/model-based-routing-enabled: "false"\n'));
  });

  test('values that would read back as another type are quoted', () => {
    const r = applyFilters(DP_CONFIG, [mergeWorkloadMetadata({ labels: { enabled: 'yes', version: '2' } })], 'dataParallel');
    expect(r.text).toContain('    labels:\n      enabled: "yes"\n      version: "2"\n');
    expect(r.after).toMatchObject({ spec: { prefill: { labels: { enabled: 'yes', version: '2' } } } });
  });

  test('a flow-style map is merged, still in flow style', () => {
    const input = TEMPLATE_CONFIG.replace('  prefill:\n', '  prefill:\n    labels: {team: ml, tier: gpu}\n');
    const r = applyFilters(input, [mergeWorkloadMetadata({ labels: { team: 'infra', zone: 'eu' } })], 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.labels.team', 'spec.prefill.labels.zone']);
    expect(r.text).toContain('    labels: {team: infra, tier: gpu, zone: eu}\n');
  });

  test('empty maps change nothing and create nothing', () => {
    const r = applyFilters(DP_CONFIG, [mergeWorkloadMetadata({ labels: {}, annotations: {} })], 'dataParallel');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(DP_CONFIG);
  });

  test('a config without spec.prefill is left alone', () => {
    const input = 'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceServiceConfig\nmetadata:\n  name: x\nspec:\n  router: {}\n';
    const r = applyFilters(input, [mergeWorkloadMetadata({ labels: { a: 'b' } })], 'template');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(input);
  });

  test('running again changes nothing', () => {
    const filter = mergeWorkloadMetadata({ labels: { team: 'ml' }, annotations: { 'example.com/owner': 'platform' } });
    for (const [config, role] of [[TEMPLATE_CONFIG, 'template'], [DP_CONFIG, 'dataParallel']] as const) {
      const once = applyFilters(config, [filter], role);
      expect(once.changes).toHaveLength(2);
      expect(applyFilters(once.text, [filter], role).changes).toEqual([]);
    }
  });
});
