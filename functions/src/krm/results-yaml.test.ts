import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Result } from './results';
import { RESULTS_PRINT, resultsYaml, simpleResultsYaml } from './results-yaml';

const yamlOf = (results: Result[]) => stringify(results, RESULTS_PRINT);

describe('resultsYaml writes what yaml stringify writes', () => {
  test('typical results: refs, fields, files with an index, tags, a shared resourceRef', () => {
    const ref = { apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceService', name: 'svc', namespace: 'llm' };
    const results: Result[] = [
      { message: 'data 16 / dataLocal 8: 2 pod(s) per prefill replica', severity: 'info', resourceRef: ref, field: { path: 'spec.prefill.parallelism' } },
      { message: '$ and {{ text: 84 KServe Go template action(s)', severity: 'info' },
      { message: 'label llm-prefill.dev/overlay=bench; image a -> b (template)', severity: 'info', resourceRef: ref },
      { message: 'input line 3: bad: "quoted" #hash', severity: 'error', file: { path: 'stdin', index: 0 }, tags: { line: '3' } },
      { message: 'true', severity: 'warning' },
      { message: '123', severity: 'warning' },
      { message: '- looks like a list', severity: 'warning' },
    ];
    expect(resultsYaml(results)).toBe(yamlOf(results));
    // ... and writes them itself, without yaml's Document.
    expect(simpleResultsYaml(results)).toBe(yamlOf(results));
  });

  test('what it does not write itself goes to yaml whole: multi-line messages, field values, empty tags', () => {
    const results: Result[] = [
      { message: 'two\nlines', severity: 'error' },
      { message: 'x', severity: 'info', field: { path: 'a', currentValue: { b: [1] } } },
      { message: 'y', severity: 'info', tags: {} },
    ];
    for (const r of results) {
      expect(simpleResultsYaml([r])).toBeUndefined();
      expect(resultsYaml([r])).toBe(yamlOf([r]));
    }
  });

  test('random results (strings of any characters, keys yaml would quote)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', ' ', 'null', 'yes', '0o7', '1e3', '---', 'a: b', '#', '- x', '"q"', "'s'", 'é ü', '\u2028', '\ufeff'));
    const result = fc.record(
      {
        message: text,
        severity: fc.constantFrom('error', 'warning', 'info') as fc.Arbitrary<Result['severity']>,
        resourceRef: fc.record({ apiVersion: text, kind: text, name: text, namespace: fc.option(text, { nil: undefined }) }),
        field: fc.record({ path: text }),
        file: fc.record({ path: text, index: fc.option(fc.integer({ min: -3, max: 1e6 }), { nil: undefined }) }),
        tags: fc.dictionary(fc.oneof(fc.constantFrom('line', 'a.b/c', 'true', 'k: v'), text), text, { maxKeys: 3 }),
      },
      { requiredKeys: ['message', 'severity'] },
    );
    fc.assert(
      fc.property(fc.array(result, { maxLength: 4 }), (results) => {
        const plain = JSON.parse(JSON.stringify(results)) as Result[];
        expect(resultsYaml(plain)).toBe(yamlOf(plain));
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});
