/**
 * Parallelism in a config's own spec.prefill: KServe's config webhook does not check it and the
 * templates never see it (they render from the service's own spec), so the function does both.
 */
import { runFunction } from '../pipeline';
import { DP, dpConfig, dpService, overlayInput as input } from './test-fixtures';

describe('parallelism that only a config carries', () => {
  test('data without dataLocal written to the data-parallel config (no service in the input) is an error with KServe\'s message', () => {
    const out = runFunction(input([], '    parallelism: {data: 16}\n'));
    expect(out.failed).toBe(true);
    const e = out.results.find((r) => r.severity === 'error');
    expect(e?.resourceRef?.name).toBe(DP);
    expect(e?.field?.path).toBe('spec.prefill.parallelism.dataLocal');
    expect(e?.message).toMatch(/^dataLocal must be set when data is set \(in this config's own spec\.prefill: KServe's config webhook does not check it/);
  });

  test('valid parallelism in the config alone: a warning that the vLLM flags will not see it', () => {
    const out = runFunction(input([], '    parallelism: {data: 16, dataLocal: 8}\n'));
    expect(out.failed).toBe(false);
    const w = out.results.find((r) => r.severity === 'warning' && r.resourceRef?.name === DP);
    expect(w?.field?.path).toBe('spec.prefill.parallelism');
    expect(w?.message).toMatch(/KServe renders the vLLM flags .* from each service's own spec\.prefill\.parallelism, never from a config/);
  });

  test('a service that leaves to the config a field the config carries: a warning on the config naming the fields and the service', () => {
    const config = dpConfig('{expert: true}');
    const service = dpService('{data: 2, dataLocal: 1}');
    const out = runFunction(input([config, service], '    ifMissing: ignore\n    configs: [dataParallel]\n'));
    const w = out.results.find((r) => r.severity === 'warning' && r.resourceRef?.name === DP);
    expect(w?.message).toMatch(/^spec\.prefill\.parallelism\.expert come only from this config for llm\/svc/);
  });

  test("KServe's service webhook checks the service's own spec: dataLocal from a config does not satisfy it", () => {
    const config = dpConfig('{dataLocal: 1}');
    const service = dpService('{data: 2}');
    const out = runFunction(input([config, service], '    ifMissing: ignore\n    configs: [dataParallel]\n'));
    const e = out.results.find((r) => r.severity === 'error' && r.resourceRef?.name === 'svc');
    expect(e?.message).toBe('dataLocal must be set when data is set');
    expect(e?.field?.path).toBe('spec.prefill.parallelism.dataLocal');
  });
});
