/** Unescaping undoes exactly what escapeForFlux wrote, and keeps what it cannot have written. */
import * as fc from 'fast-check';
import { escapeForFlux } from '../variables/flux-escape';
import { unescaped } from './flux';

describe('unescaped', () => {
  const PIECES = ['$', '$$', '$$$', '${', '${A}', '${B}', '${A:-', '${B:=x', '$${A}', '}', '{', '{{ ', ' }}', 'a', ' ', '#', '(', ')', '\\'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }).map((p) => p.join(''));

  test('gives back every text escapeForFlux was given, with or without deferred names (property, fixed seed)', () => {
    fc.assert(
      fc.property(text, fc.constantFrom<string[]>([], ['A'], ['A', 'B']), (s, deferred) => {
        expect(unescaped(escapeForFlux(s, new Set(deferred)))).toBe(s);
      }),
      { seed: 5, numRuns: 2000 },
    );
  });

  test('a run of `$` escapeForFlux never writes stays as written: a hand edit for bash survives', () => {
    expect(unescaped('echo pid=$$')).toBe('echo pid=$$');
    expect(unescaped('$${VLLM_ADDITIONAL_ARGS} pid=$$ $$$$')).toBe('${VLLM_ADDITIONAL_ARGS} pid=$$ $$');
    expect(unescaped('x $$$ y')).toBe('x $$$ y');
    // What escapeForFlux does write is undone.
    expect(unescaped('$$$$ $$$$$ $${X} ${TAG} $$$${X}')).toBe('$$ $$$ ${X} ${TAG} $${X}');
  });
});
