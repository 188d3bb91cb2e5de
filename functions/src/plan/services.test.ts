import { isSelected, matches } from './services';

describe('service selection', () => {
  const prod = { hasPrefill: true, labels: { tier: 'gpu', team: 'a' } };

  test('all selects services with spec.prefill only', () => {
    expect(isSelected('all', prod)).toBe(true);
    expect(isSelected('all', { ...prod, hasPrefill: false })).toBe(false);
    expect(isSelected('none', prod)).toBe(false);
  });

  test('matchLabels and matchExpressions follow Kubernetes semantics', () => {
    expect(matches({ matchLabels: { tier: 'gpu' } }, prod.labels)).toBe(true);
    expect(matches({ matchLabels: { tier: 'cpu' } }, prod.labels)).toBe(false);
    expect(matches({ matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] }, prod.labels)).toBe(true);
    expect(matches({ matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] }, prod.labels)).toBe(false);
    expect(matches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, prod.labels)).toBe(true);
    expect(matches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, prod.labels)).toBe(false);
    expect(matches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, prod.labels)).toBe(true);
    expect(matches({}, prod.labels)).toBe(true);
  });
});
