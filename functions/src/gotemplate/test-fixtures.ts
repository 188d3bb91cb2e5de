/** Test helpers: a hand-built spec schema and a sample service (test code only). */
import type { TemplateData } from './data';
import type { JsonSchema } from './types';

const int32: JsonSchema = { type: 'integer', format: 'int32' };
const stringMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };

/** A PodSpec as an object without properties: anything below it is accepted. */
const podSpec: JsonSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

const workload: JsonSchema = {
  type: 'object',
  properties: {
    replicas: int32,
    labels: stringMap,
    annotations: stringMap,
    parallelism: {
      type: 'object',
      properties: { tensor: int32, pipeline: int32, data: int32, dataLocal: int32, dataRPCPort: int32, expert: { type: 'boolean' } },
    },
    template: podSpec,
    worker: podSpec,
    kvCacheOffloading: {
      type: 'object',
      properties: {
        cpu: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
        evictionPolicy: { type: 'string' },
        secondary: { type: 'array', items: { type: 'object', properties: { fileSystem: { type: 'object', properties: {} } } } },
      },
    },
  },
};

/** The spec schema of an LLMInferenceService, cut down to model, prefill and the inline workload fields. */
export const TEST_SPEC_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    model: { type: 'object', properties: { name: { type: 'string' }, uri: { type: 'string' } } },
    ...workload.properties,
    prefill: workload,
  },
};

/** The brief's sample service: model "m", data 16, dataLocal 8, tensor 1, expert, TLS off. */
export function sampleData(overrides: Partial<TemplateData> = {}): TemplateData {
  return {
    Spec: {
      model: { name: 'm', uri: 'hf://org/m' },
      prefill: {
        parallelism: { data: 16, dataLocal: 8, tensor: 1, expert: true },
        template: { containers: [{ name: 'main' }] },
        worker: { containers: [{ name: 'main' }] },
      },
    },
    ObjectMeta: { name: 'svc', namespace: 'ns', labels: { app: 'a' } },
    GlobalConfig: { EnableTLS: false, SystemNamespace: 'kserve' },
    ...overrides,
  };
}
