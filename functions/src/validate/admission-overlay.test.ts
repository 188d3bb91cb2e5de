/**
 * KServe's admission rules keep KServe's message; where the offending value was written by the
 * overlay (spec.parallelism.* -> spec.prefill.parallelism.*), the message also names the
 * PrefillOverlay field to change.
 */
import { runFunction } from '../pipeline';
import { dpService as service, overlayInput } from './test-fixtures';

const input = (items: string[], spec: string, ifMissing = 'ignore') => overlayInput(items, `    ifMissing: ${ifMissing}\n${spec}`);

describe("admission messages name the PrefillOverlay field that wrote the value", () => {
  test('data written by the overlay without dataLocal: KServe\'s message, then the overlay field', () => {
    const out = runFunction(input([service('{tensor: 1}')], '    parallelism: {data: 2}\n'));
    const e = out.results.find((r) => r.severity === 'error' && r.resourceRef?.name === 'svc' && /dataLocal must be set/.test(r.message));
    expect(e?.field?.path).toBe('spec.prefill.parallelism.dataLocal');
    expect(e?.message).toMatch(/^dataLocal must be set when data is set \(spec\.prefill\.parallelism\.data was set by the PrefillOverlay's spec\.parallelism\.data: /);
    expect(e?.message).toMatch(/change spec\.parallelism\.dataLocal or spec\.parallelism\.data in the PrefillOverlay/);
  });

  test('data and dataLocal written over a service with pipeline parallelism: both overlay fields named', () => {
    const out = runFunction(input([service('{pipeline: 2}')], '    parallelism: {data: 4, dataLocal: 2}\n'));
    const e = out.results.find((r) => r.severity === 'error' && r.resourceRef?.name === 'svc' && /cannot set both/.test(r.message));
    expect(e?.field?.path).toBe('spec.prefill.parallelism');
    expect(e?.message).toMatch(/PrefillOverlay's spec\.parallelism\.data\b/);
    expect(e?.message).toMatch(/PrefillOverlay's spec\.parallelism\.dataLocal\b/);
  });

  test("a value the service itself carries keeps KServe's message alone", () => {
    const out = runFunction(input([service('{data: 2}')], '    parallelism: {tensor: 1}\n'));
    const e = out.results.find((r) => r.severity === 'error' && r.resourceRef?.name === 'svc' && /dataLocal must be set/.test(r.message));
    expect(e?.message).toBe('dataLocal must be set when data is set');
  });

  test('data written into the data-parallel config (no service): the config message names the overlay field too', () => {
    const out = runFunction(input([], '    parallelism: {data: 16}\n', 'add'));
    const e = out.results.find((r) => r.severity === 'error' && /dataLocal must be set/.test(r.message));
    expect(e?.resourceRef?.name).toBe('kserve-config-llm-prefill-worker-data-parallel');
    expect(e?.message).toMatch(/^dataLocal must be set when data is set \(in this config's own spec\.prefill/);
    expect(e?.message).toMatch(/spec\.prefill\.parallelism\.data was set by the PrefillOverlay's spec\.parallelism\.data/);
  });
});
