import { API_VERSION, KIND, type PrefillOverlay } from '../config/types';
import { summarise, type Changed } from './summarise';

const overlay = (mode?: 'layer'): PrefillOverlay => ({ apiVersion: API_VERSION, kind: KIND, spec: { overlay: 'prod', ...(mode ? { mode } : {}) } });
const config = (name: string, added?: boolean): Changed => ({
  ref: { apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceServiceConfig', name },
  changes: [...(added ? [{ path: '', description: 'added' }] : []), { path: 'spec.prefill.template.containers[name=main].image', description: 'image x' }],
  ...(added ? { added } : {}),
});
const service: Changed = { ref: { apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceService', name: 's' }, changes: [{ path: 'spec.baseRefs', description: 'baseRef d (last)' }] };
const total = (results: { message: string }[]) => results[results.length - 1]?.message;

describe('summarise', () => {
  test('patch mode counts the managed configs of the input and those added from the base', () => {
    expect(total(summarise(overlay(), [config('a'), config('b', true), service], 1))).toBe('overlay prod: 1 managed config(s), 1 added, 1 service(s) patched, 3 resource(s) changed, 3 field(s) set');
  });

  test('layer mode counts delta configs, added and rebuilt, and no managed configs', () => {
    const results = summarise(overlay('layer'), [config('prod-prefill', true), config('prod-prefill-data-parallel'), service], 0);
    expect(total(results)).toBe('overlay prod: 1 delta config(s) added, 1 rebuilt, 1 service(s) patched, 3 resource(s) changed, 3 field(s) set');
    expect(results.map((r) => r.message)).toEqual(['added; image x (template)', 'image x (template)', 'baseRef d (last)', expect.stringMatching(/^overlay prod: /)]);
  });
});
