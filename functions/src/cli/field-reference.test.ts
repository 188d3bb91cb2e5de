import schema from '../config/prefill-overlay.schema.json';
import { fieldDocs, fieldReferenceText, flow } from './field-reference';

describe('field reference from the schema', () => {
  const docs = fieldDocs();

  test('every top-level spec field is documented, with a description', () => {
    const specFields = Object.keys((schema.properties.spec as { properties: object }).properties);
    for (const f of specFields) {
      const doc = docs.find((d) => d.path === `spec.${f}`);
      expect(doc).toBeDefined();
      expect(doc?.description.length).toBeGreaterThan(10);
    }
  });

  test('nested fields, $ref types and defaults come through', () => {
    expect(docs.find((d) => d.path === 'spec.kserve.namespace')).toMatchObject({ type: 'string', default: '"kserve"' });
    expect(docs.find((d) => d.path === 'spec.sharedMemory')?.type).toBe('string | integer');
    expect(docs.find((d) => d.path === 'spec.ifMissing')?.type).toBe('add | error | ignore');
    expect(docs.find((d) => d.path === 'spec.configs')?.type).toBe('list of template | dataParallel');
  });

  test('examples are one-line flow YAML', () => {
    expect(flow({ gpus: 8, rdma: { resource: 'rdma/roce_gdr' }, args: ['--x', '8192'] })).toBe('{gpus: 8, rdma: {resource: rdma/roce_gdr}, args: [--x, "8192"]}');
    expect(fieldReferenceText()).toContain('e.g. {VLLM_LOGGING_LEVEL: DEBUG');
  });
});
