import { admissionRules } from './admission';
import { mergeSpecs, prefillConfigFor } from './merged-view';

const messages = (spec: Record<string, unknown>) => admissionRules(spec).map((f) => `${f.path}: ${f.message}`);

describe('KServe admission rules (spec and spec.prefill)', () => {
  test.each([
    ['worker without parallelism', { prefill: { worker: {} } }, 'spec.prefill.parallelism: when worker is specified, parallelism must be configured for either data parallelism or pipeline parallelism'],
    ['worker with tensor only', { worker: {}, parallelism: { tensor: 2 } }, 'spec.parallelism: when worker is specified, parallelism must be configured for either data parallelism or pipeline parallelism'],
    ['pipeline and data', { prefill: { worker: {}, parallelism: { pipeline: 2, data: 2, dataLocal: 1 } } }, 'spec.prefill.parallelism: cannot set both pipeline parallelism and data parallelism (data or dataLocal) simultaneously'],
    ['data without dataLocal', { prefill: { parallelism: { data: 2 } } }, 'spec.prefill.parallelism.dataLocal: dataLocal must be set when data is set'],
    ['dataLocal without data', { prefill: { parallelism: { dataLocal: 2 } } }, 'spec.prefill.parallelism.data: data must be set when dataLocal is set'],
    ['zero pipeline', { parallelism: { pipeline: 0 } }, 'spec.parallelism.pipeline: pipeline must be greater than 0'],
    ['replicas and scaling', { prefill: { replicas: 1, scaling: { minReplicas: 1 } } }, 'spec.prefill.replicas: replicas and scaling are mutually exclusive; use scaling for autoscaled deployments or replicas for static deployments'],
  ])('%s is rejected with KServe\'s message', (_t, spec, message) => {
    expect(messages(spec)).toContain(message);
  });

  test.each([
    ['data parallel prefill', { prefill: { worker: {}, parallelism: { data: 16, dataLocal: 8, expert: true } } }],
    ['pipeline parallel decode', { worker: {}, parallelism: { pipeline: 2 } }],
    ['single-pod prefill', { prefill: { template: {}, replicas: 2 } }],
  ])('%s passes', (_t, spec) => {
    expect(messages(spec)).toEqual([]);
  });
});

describe('the merged view', () => {
  test('KServe picks the prefill config by shape', () => {
    expect(prefillConfigFor({ prefill: { template: {} } })).toBe('template');
    expect(prefillConfigFor({ prefill: { worker: {}, parallelism: { data: 2, dataLocal: 1 } } })).toBe('dataParallel');
    expect(prefillConfigFor({ prefill: { worker: {}, parallelism: { pipeline: 2 } } })).toBeUndefined();
    expect(prefillConfigFor({})).toBeUndefined();
  });

  test('strategic merge: containers and env by name, volumeMounts by mountPath, command atomic, zero values do not clear', () => {
    const config = {
      prefill: {
        template: {
          containers: [{ name: 'main', image: 'a', command: ['x', 'y'], env: [{ name: 'A', value: '1' }], volumeMounts: [{ mountPath: '/m', name: 'm' }] }],
          terminationGracePeriodSeconds: 60,
        },
      },
    };
    const service = {
      prefill: {
        template: {
          containers: [{ name: 'main', command: ['z'], env: [{ name: 'B', value: '2' }, { name: 'A', value: '3' }], volumeMounts: [{ mountPath: '/m', readOnly: true }] }, { name: 'side' }],
          terminationGracePeriodSeconds: 0,
        },
      },
    };
    expect(mergeSpecs(config, service)).toEqual({
      prefill: {
        template: {
          containers: [
            { name: 'main', image: 'a', command: ['z'], env: [{ name: 'A', value: '3' }, { name: 'B', value: '2' }], volumeMounts: [{ mountPath: '/m', name: 'm', readOnly: true }] },
            { name: 'side' },
          ],
          terminationGracePeriodSeconds: 60,
        },
      },
    });
  });
});
