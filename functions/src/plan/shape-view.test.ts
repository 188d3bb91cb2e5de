/**
 * shapeView is a shortcut: the shape decided on it must be the shape decided on the whole
 * service as plain data, for any service (random ones here), with the input's baseRefs found or
 * not.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { decode } from '../krm/decode';
import { parseItem } from '../krm/item';
import { toPlain } from '../krm/limits';
import { KSERVE_DEFAULTS } from './managed';
import { shapeDeciderFor } from './service-shape';
import { shapeView } from './shape-view';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const asItem = (resource: object) => `- ${stringify(resource).trimEnd().replace(/\n/g, '\n  ')}\n`;
const config = (name: string, namespace: string, spec: object) => asItem({ apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceServiceConfig', metadata: { name, namespace }, spec });
const CONFIGS =
  config('with-worker', 'team', { prefill: { worker: { containers: [{ name: 'main' }] } } }) +
  config('null-worker', 'team', { prefill: { worker: null } }) +
  config('prefill-list', 'kserve', { prefill: [1, 2] }) +
  config('plain', 'kserve', { router: {} });

const worker = fc.constantFrom(undefined, null, {}, { containers: [] }, 'x', 0, false, '');
const prefill = fc.oneof(
  fc.record({ worker, replicas: fc.constantFrom(undefined, 2) }, { requiredKeys: [] }),
  fc.constantFrom(undefined, null, 'text', [1], [], 0, false),
);
const baseRefs = fc.oneof(
  fc.array(fc.record({ name: fc.constantFrom('with-worker', 'null-worker', 'prefill-list', 'plain', 'missing') }), { maxLength: 3 }),
  fc.constantFrom(undefined, null, 'with-worker', [{}], [{ name: 1 }]),
);
const spec = fc.oneof(fc.record({ prefill, baseRefs, model: fc.constantFrom(undefined, { uri: 'hf://x' }) }, { requiredKeys: [] }), fc.constantFrom(undefined, null, 'text', [1]));
const metadata = fc.oneof(fc.record({ name: fc.constant('svc'), namespace: fc.constantFrom(undefined, null, 'team', 'kserve', 7) }, { requiredKeys: ['name'] }), fc.constantFrom(null, 'text'));

describe('shapeView', () => {
  test('decides the shape the whole service decides (random services)', () => {
    fc.assert(
      fc.property(fc.record({ metadata, spec }, { requiredKeys: [] }), (fields) => {
        const service = { apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceService', ...JSON.parse(JSON.stringify(fields)) };
        const list = decode(`${HEAD}${CONFIGS}${asItem(service)}`);
        const decide = shapeDeciderFor(list.items, KSERVE_DEFAULTS);
        const { doc, node } = parseItem(list.items[list.items.length - 1].chunk);
        expect(decide(shapeView(doc, node))).toEqual(decide(toPlain(doc, node) as Record<string, unknown>));
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  test('a service with an alias is read whole (the alias limits apply as before)', () => {
    const text = `${HEAD}- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceService\n  metadata: {name: svc, labels: &l {a: b}}\n  spec:\n    prefill: {worker: {}}\n    labels: *l\n`;
    const { doc, node } = parseItem(decode(text).items[0].chunk);
    expect(shapeView(doc, node)).toEqual(toPlain(doc, node));
  });
});
