import { failed, findingLine, outcomeLine, stderrStyle, type Located } from './report';
import { error, warning, info } from '../krm/results';

const plain = { colour: false };
const located = (r: Located, path: string, line?: number): Located => ({ ...r, location: { path, line } });

describe('the outcome line', () => {
  test('OK, OK with N warning(s), FAILED: N error(s) naming the first', () => {
    expect(outcomeLine([info('x')], plain)).toBe('OK');
    expect(outcomeLine([warning('w1'), warning('w2')], plain)).toBe('OK with 2 warning(s)');
    const first = located(error('bad image', { resourceRef: { apiVersion: 'v1', kind: 'PrefillOverlay', name: 'prod' }, field: { path: 'spec.image' } }), 'overlays/prod/prefill-overlay.yaml', 12);
    expect(outcomeLine([warning('w'), first, error('second')], plain)).toBe('FAILED: 2 error(s); first: overlays/prod/prefill-overlay.yaml:12: PrefillOverlay/prod: spec.image: bad image');
  });

  test('--strict: a warning fails, and the line still says FAILED: N error(s)', () => {
    expect(outcomeLine([warning('w; more')], plain, true)).toBe('FAILED: 1 error(s) (warnings, with --strict); first: w');
    expect(failed([warning('w')], true)).toBe(true);
    expect(failed([warning('w')], false)).toBe(false);
    expect(failed([error('e')])).toBe(true);
  });

  test('a finding of several parts continues on indented lines, or stays on one line', () => {
    expect(findingLine(error('a; b'), plain)).toBe('[error] a\n      b');
    expect(findingLine(error('a; b'), plain, true)).toBe('[error] a; b');
  });

  test('colour only when asked for; NO_COLOR turns it off even on a terminal', () => {
    expect(findingLine(warning('w'), { colour: true })).toBe('[\x1b[33mwarning\x1b[0m] w');
    expect(stderrStyle({ NO_COLOR: '1' }).colour).toBe(false);
  });
});
