import { parseRenderArgs } from './render-mode';

describe('render arguments', () => {
  test('flags and the directory, in any order', () => {
    expect(parseRenderArgs(['--strict', 'overlays/prod', '--out', 'x', '--results', 'r.yaml', '--engine', 'kubectl', '--config', 'c.yaml'], {})).toEqual({
      dir: 'overlays/prod',
      strict: true,
      out: 'x',
      results: 'r.yaml',
      engine: 'kubectl',
      config: 'c.yaml',
    });
  });

  test('LLM_PREFILL_FN_ENGINE is a preference; a bad name or flag is a usage message', () => {
    expect(parseRenderArgs(['d'], { LLM_PREFILL_FN_ENGINE: 'kpt' })).toEqual({ dir: 'd', preferredEngine: 'kpt' });
    expect(parseRenderArgs(['d', '--engine', 'helm'], {})).toBe('--engine helm: expected one of kustomize, kubectl, kpt');
    expect(parseRenderArgs(['d'], { LLM_PREFILL_FN_ENGINE: 'x' })).toMatch(/^LLM_PREFILL_FN_ENGINE=x: expected one of/);
    expect(parseRenderArgs(['d', '--out'], {})).toBe('--out needs a path');
    expect(parseRenderArgs([], {})).toMatch(/render needs a directory/);
    expect(parseRenderArgs(['d', 'e'], {})).toBe('unexpected argument e');
  });
});
