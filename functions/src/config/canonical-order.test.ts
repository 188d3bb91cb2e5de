import { sortedKeys } from './canonical-order';

describe('sortedKeys', () => {
  test('mappings sorted at every level (byte order: upper case first), sequences kept in order', () => {
    const input = { spec: { env: { VLLM_LOGGING_LEVEL: 'WARNING', NCCL_DEBUG: 'WARN', A_lower: 'x', a: 'y' }, vllmArgs: ['--z', '--a'], labels: { b: '1', a: '2' } } };
    const out = sortedKeys(input);
    expect(Object.keys(out.spec.env)).toEqual(['A_lower', 'NCCL_DEBUG', 'VLLM_LOGGING_LEVEL', 'a']);
    expect(out.spec.vllmArgs).toEqual(['--z', '--a']);
    expect(Object.keys(out.spec.labels)).toEqual(['a', 'b']);
    expect(out).toEqual(input);
  });
});
