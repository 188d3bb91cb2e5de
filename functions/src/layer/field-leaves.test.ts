import { fieldLeaves, overriddenFields } from './field-leaves';

describe('fieldLeaves', () => {
  test('keyed lists by key, other lists whole, zero values left out', () => {
    const leaves = fieldLeaves({
      prefill: {
        replicas: 0,
        template: {
          containers: [{ name: 'main', env: [{ name: 'A', value: '1' }], command: ['bash', '-c'], securityContext: { capabilities: { add: ['IPC_LOCK'] } } }],
          tolerations: [{ key: 'gpu' }],
        },
      },
    });
    expect([...leaves.keys()].sort()).toEqual([
      'spec.prefill.template.containers[name=main].command',
      'spec.prefill.template.containers[name=main].env[name=A].value',
      'spec.prefill.template.containers[name=main].securityContext.capabilities.add',
      'spec.prefill.template.tolerations',
    ]);
  });

  test('overriddenFields: only fields both set, to different values', () => {
    const lower = { prefill: { template: { containers: [{ name: 'main', image: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: 'same' }] }] } } };
    const upper = { prefill: { template: { containers: [{ name: 'main', image: 'b', env: [{ name: 'Y', value: 'same' }, { name: 'Z', value: 'new' }] }] } } };
    expect(overriddenFields(lower, upper)).toEqual([{ path: 'spec.prefill.template.containers[name=main].image', lower: 'a', upper: 'b' }]);
  });
});
