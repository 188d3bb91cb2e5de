import { references } from './references';
import { substitute, type VariableValues } from './substitute';

const vars = (values: Record<string, string>, unset: string[] = [], deferred: string[] = []): VariableValues => ({
  values: new Map(Object.entries(values)),
  unset: new Set(unset),
  deferred: new Set(deferred),
});

describe('references', () => {
  test('finds the Flux forms and skips $$ pairs and shell forms', () => {
    expect(references('a ${X} b ${Y:-d} c ${Z:=e} $${NO} $NO $(NO) ${#NO[@]} ${!NO} ${NO[@]}').map((r) => [r.name, r.fallback])).toEqual([
      ['X', undefined],
      ['Y', 'd'],
      ['Z', 'e'],
    ]);
  });

  test('a default may nest references', () => {
    const [ref] = references('${A:-${B:-x}}!');
    expect(ref).toMatchObject({ name: 'A', start: 0, end: 13, fallback: '${B:-x}' });
  });

  test('an unclosed reference is not one (a complete one inside it still is)', () => {
    expect(references('${A:-${B}').map((r) => r.name)).toEqual(['B']);
    expect(references('${A')).toEqual([]);
  });
});

describe('substitute', () => {
  test('declared names are filled, others stay byte for byte', () => {
    const out = substitute('img:${TAG} home=${HOME} $(LWS_LEADER_ADDRESS) {{ .Spec.Model.Name }}', vars({ TAG: 'v1' }));
    expect(out).toEqual({ text: 'img:v1 home=${HOME} $(LWS_LEADER_ADDRESS) {{ .Spec.Model.Name }}', used: ['TAG'] });
  });

  test('a declared name without a value takes the inline default, else ""', () => {
    expect(substitute('${A:-x}/${A:=y}/${A}', vars({}, ['A'])).text).toBe('x/y/');
  });

  test('the inline default is substituted too', () => {
    expect(substitute('${A:-${B}}', vars({ B: 'b' }, ['A'])).text).toBe('b');
  });

  test('a value wins over the inline default', () => {
    expect(substitute('${A:-x}', vars({ A: 'a' })).text).toBe('a');
  });

  test('deferred names stay for Flux', () => {
    expect(substitute('${TAG}-${C}', vars({ C: 'c' }, [], ['TAG']))).toEqual({ text: '${TAG}-c', used: ['C'] });
  });
});
