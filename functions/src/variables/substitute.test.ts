import * as fc from 'fast-check';
import { fluxSubstitute } from '../../../test/support/flux-envsubst';
import { renderTemplate, templateDataFromService } from '../gotemplate';
import { bashWords, EVAL_SCRIPT } from '../filters/shell-test-kit';
import table from '../../../test/support/flux-envsubst-table.json';
import { escapeForFlux } from './flux-escape';
import { kubeletExpand } from './kubelet';
import { references } from './references';
import { PLAIN, substitute, type Landing, type VariableValues } from './substitute';

const vars = (values: Record<string, string>, unset: string[] = [], deferred: string[] = []): VariableValues => ({
  values: new Map(Object.entries(values)),
  unset: new Set([...unset, ...deferred]),
  deferred: new Set(deferred),
});
const TEMPLATE: Landing = { template: true, shell: false, suggest: true };
const SHELL: Landing = { template: true, shell: true, suggest: false, noDeferred: 'VLLM_ADDITIONAL_ARGS is shell text' };

describe('references', () => {
  test('finds the Flux forms and skips $$ pairs and shell forms', () => {
    expect(references('a ${X} b ${Y:-d} c ${Z:=e} $${NO} $NO $(NO) ${!NO}').map((r) => [r.name, r.form, r.fallback])).toEqual([
      ['X', 'plain', undefined],
      ['Y', ':-', 'd'],
      ['Z', ':=', 'e'],
    ]);
  });
  test('other forms are found as such, and what they hold is still scanned', () => {
    expect(references('${A-x} ${A=x} ${A:+x} ${#A} ${A:1} ${A/a/b} ${A').map((r) => [r.name, r.form])).toEqual(Array(7).fill(['A', 'other']));
    expect(references('${A:+${B}}').map((r) => r.name)).toEqual(['A', 'B']);
  });
  test('a default may nest references; inside a default $$ is no escape', () => {
    const [ref] = references('${A:-${B:-x}}!');
    expect(ref).toMatchObject({ name: 'A', start: 0, end: 13, fallback: '${B:-x}' });
    expect(references('$${A}', true).map((r) => r.name)).toEqual(['A']);
  });
});

describe('substitute: the values bash and Flux give', () => {
  test('declared names are filled, others stay byte for byte', () => {
    const out = substitute('img:${TAG} home=${HOME} $(LWS_LEADER_ADDRESS) {{ .Spec.Model.Name }}', vars({ TAG: 'v1' }));
    expect(out).toEqual({ text: 'img:v1 home=${HOME} $(LWS_LEADER_ADDRESS) {{ .Spec.Model.Name }}', used: ['TAG'], problems: [] });
  });
  test('a declared name without a value takes the inline default, else ""', () => {
    expect(substitute('${A:-x}/${A:=y}/${A}', vars({}, ['A'])).text).toBe('x/y/');
  });
  test('an empty value takes the inline default too, as bash and Flux do', () => {
    expect(substitute('${ARGOCD_APP_NAMESPACE:-apps}/${X:=d}/${X}.', vars({ ARGOCD_APP_NAMESPACE: '', X: '' })).text).toBe('apps/d/.');
  });
  test('the inline default is substituted too; a value wins over it', () => {
    expect(substitute('${A:-${B}}', vars({ B: 'b' }, ['A'])).text).toBe('b');
    expect(substitute('${A:-x}', vars({ A: 'a' })).text).toBe('a');
  });
  test('a declared name nested in an undeclared reference is filled where Flux reads it', () => {
    expect(substitute('${NCCL_IB_HCA:-${HCA}}', vars({ HCA: 'mlx5_2' })).text).toBe('${NCCL_IB_HCA:-mlx5_2}');
    expect(substitute('${U:-$${A}}', vars({ A: 'val' })).text).toBe('${U:-$val}');
  });
  test('forms bash and Flux disagree on, or not modelled, are problems that name the form', () => {
    for (const form of ['${A-x}', '${A=x}', '${A:+x}', '${A:?x}', '${#A}', '${A:1}', '${A/a/b}', '${A^^}', '${A,,}', '${A#v}', '${A%l}', '${A:-x']) {
      const out = substitute(form, vars({ A: 'val' }));
      expect([form, out.text, out.problems.length]).toEqual([form, form, 1]);
      expect(out.problems[0]).toContain('only ${A}, ${A:-default} and ${A:=default} are filled');
    }
    // Undeclared names in those forms belong to bash: left alone, no problem.
    expect(substitute('${#arr[@]} ${x/a/b} ${X,,}', vars({ A: 'val' }))).toMatchObject({ problems: [] });
  });
});

describe('substitute against the measured Flux envsubst table (test/support/flux-envsubst-table.json)', () => {
  type Outcome = { out: string } | { error: string };
  const MAPS = table.maps as Record<string, Record<string, string>>;
  const FORMS = table.forms as unknown as ({ in: string } & Record<string, [Outcome, Outcome]>)[];
  // `$$` is bash's and `\0` never reaches the function: engine none keeps them, Flux does not.
  const comparable = FORMS.filter((f) => !f.in.includes('$$') && !f.in.includes('\0'));
  /** Every name the text refers to, nested ones too: the function fills only declared names. */
  const allDeclared = (text: string, values: Record<string, string>) => [...text.matchAll(/\$\{#?([\p{L}\p{Nd}_]+)/gu)].every((m) => Object.prototype.hasOwnProperty.call(values, m[1] as string));

  test.each(Object.keys(MAPS))('map %s: every form Flux fills in strict mode, the function fills the same, or refuses it', (map) => {
    const values = MAPS[map] as Record<string, string>;
    let same = 0;
    for (const form of comparable) {
      const strict = form[map]?.[0] as Outcome;
      if (!('out' in strict) || !allDeclared(form.in, values)) continue; // Flux refuses it, or an undeclared name
      const out = substitute(form.in, vars(values));
      if (out.problems.length > 0) continue; // refused, with a message: never a guess
      expect([form.in, out.text]).toEqual([form.in, strict.out]);
      same++;
    }
    // The empty map declares nothing: only texts without references compare.
    expect(same).toBeGreaterThan(map === 'empty' ? 5 : 20);
  });

  test.each(Object.keys(MAPS))('map %s: with any one name deferred, Flux on the escaped output gives engine none`s output', (map) => {
    const values = MAPS[map] as Record<string, string>;
    // A value that refers to the deferred name is refused by resolveVariables (resolve.test.ts).
    for (const name of Object.keys(values).filter((n) => !Object.values(values).some((v) => v.includes(`\${${n}`)))) {
      const { [name]: deferredValue, ...rest } = values;
      for (const form of comparable) {
        const none = substitute(form.in, vars(values));
        const here = substitute(form.in, vars(rest, [], [name]));
        if (none.problems.length > 0 || here.problems.length > 0) continue;
        for (const strict of [true, false]) {
          const flux = fluxSubstitute(escapeForFlux(here.text, new Set([name])), { [name]: deferredValue as string }, strict);
          expect([form.in, name, strict, flux]).toEqual([form.in, name, strict, { ok: true, text: none.text }]);
        }
      }
    }
  });
});

describe('substitute: nested defaults mixing deferred and filled names', () => {
  test('${IMAGE_TAG:-${DEFAULT_TAG}}: the default is filled here, the reference left for Flux', () => {
    const out = substitute('img:${IMAGE_TAG:-${DEFAULT_TAG}}', vars({ DEFAULT_TAG: 'v0.9.0' }, [], ['IMAGE_TAG']));
    expect(out).toMatchObject({ text: 'img:${IMAGE_TAG:-v0.9.0}', problems: [] });
    expect(fluxSubstitute(escapeForFlux(out.text, new Set(['IMAGE_TAG'])), {}, true)).toEqual({ ok: true, text: 'img:v0.9.0' });
    expect(fluxSubstitute(escapeForFlux(out.text, new Set(['IMAGE_TAG'])), { IMAGE_TAG: 'v1' }, true)).toEqual({ ok: true, text: 'img:v1' });
  });
  test('a filled value that Flux would misread in a default is a problem', () => {
    for (const v of ['a}b', 'a$b', '${X}']) {
      expect(substitute('${IMAGE_TAG:-${DEFAULT_TAG}}', vars({ DEFAULT_TAG: v }, [], ['IMAGE_TAG'])).problems).toHaveLength(1);
    }
    // In template text `{{` is written as a raw-string action, whose `}` Flux would misread too.
    expect(substitute('${IMAGE_TAG:-${DEFAULT_TAG}}', vars({ DEFAULT_TAG: 'a{{b' }, [], ['IMAGE_TAG']), TEMPLATE).problems).toHaveLength(1);
    expect(substitute('${IMAGE_TAG:-${DEFAULT_TAG}}', vars({ DEFAULT_TAG: 'a{b' }, [], ['IMAGE_TAG']), TEMPLATE)).toMatchObject({ text: '${IMAGE_TAG:-a{b}', problems: [] });
  });
  test('an undeclared reference or $$ in a deferred default is a problem: Flux would substitute it, engine none would not', () => {
    expect(substitute('${IMAGE_TAG:-${OTHER}}', vars({}, [], ['IMAGE_TAG'])).problems[0]).toContain('${OTHER} in the default of ${IMAGE_TAG:-...} is not declared');
    expect(substitute('${IMAGE_TAG:-a$$b}', vars({}, [], ['IMAGE_TAG'])).problems[0]).toContain('"$$"');
  });
  test('deferred in a default of a filled name: kept as a valid reference', () => {
    expect(substitute('${TAG:-${IMAGE_TAG}}', vars({ TAG: '' }, [], ['IMAGE_TAG'])).text).toBe('${IMAGE_TAG}');
  });
});

describe('substitute: values are data where they land', () => {
  test('shell text: one shell-quoted word', () => {
    expect(substitute('--x ${A}', vars({ A: 'x $(touch p) `touch q`' }), SHELL).text).toBe("--x 'x $(touch p) `touch q`'");
    expect(substitute('--x ${A}', vars({ A: "it's" }), SHELL).text).toBe("--x 'it'\\''s'");
  });
  test('Go template text: {{ becomes a raw-string action that renders back to it', () => {
    expect(substitute('a ${A} b', vars({ A: 'x{{ printf "%c" 39 }}y' }), TEMPLATE).text).toBe('a x{{`{{`}} printf "%c" 39 }}y b');
    expect(substitute('${A}{{ .X }}', vars({ A: 'z{' }), TEMPLATE).text).toBe('z{{`{`}}{{ .X }}');
    expect(substitute('{${A}', vars({ A: '{x' }), TEMPLATE).problems).toHaveLength(1);
  });
  test('inside a template action only plain words may land', () => {
    expect(substitute('{{ ChildName .ObjectMeta.Name "-${A}" }}', vars({ A: 'abc-1' }), TEMPLATE).text).toBe('{{ ChildName .ObjectMeta.Name "-abc-1" }}');
    expect(substitute('{{ ChildName .ObjectMeta.Name "-${A}" }}', vars({ A: 'a" }}{{ x' }), TEMPLATE).problems[0]).toContain('inside a Go template action');
  });
  test('a deferred variable may not land in shell text', () => {
    expect(substitute('--tag ${TAG}', vars({}, [], ['TAG']), SHELL).problems[0]).toContain('${TAG} is left for Flux (deferToFlux), but VLLM_ADDITIONAL_ARGS is shell text');
  });
  test('did you mean: an undeclared reference next to a declared name', () => {
    expect(substitute('img:${IMAGE_TAGG}', vars({ IMAGE_TAG: 'v1' }), TEMPLATE).problems[0]).toContain('did you mean ${IMAGE_TAG}?');
    expect(substitute('img:${image_tag}', vars({ IMAGE_TAG: 'v1' }), TEMPLATE).problems).toHaveLength(1);
    expect(substitute('${HOME} ${IMAGE}', vars({ IMAGE_TAG: 'v1' }), TEMPLATE).problems).toEqual([]);
    expect(substitute('img:${IMAGE_TAGG}', vars({ IMAGE_TAG: 'v1' }), PLAIN).problems).toEqual([]);
  });
});

describe('Go template text: KServe renders the written value back to the value (property, fixed seed)', () => {
  const UNITS = ['{', '{', '}', '}', '{{', '}}', '"', "'", '`', '\\', '$', ' ', 'a', '.', '|', '(', ')', '-', '\n', '<', '&', 'é'];
  const value = fc.array(fc.constantFrom(...UNITS), { maxLength: 16 }).map((parts) => parts.join(''));
  const context = fc.constantFrom(['x ', ' y'], ['', ''], ['{{ .ObjectMeta.Name }}', ''], ['', '{{ .ObjectMeta.Name }}'], ['a"', '"b'], ['}}', '{{- ` ` }}'], ['{', 'x'], ['x', '{']);
  const DATA = templateDataFromService({ metadata: { name: 'svc', namespace: 'ns' }, spec: {} });

  test('rendered as KServe renders config strings (JSON embedding), the value comes back exactly, or it is refused', () => {
    fc.assert(
      fc.property(value, context, (v, [before, after]) => {
        const text = `${before}\${V}${after}`;
        const out = substitute(text, vars({ V: v }), TEMPLATE);
        if (out.problems.length > 0) return;
        const expected = renderTemplate(`${before}@@${after}`, DATA);
        const rendered = renderTemplate(out.text, DATA);
        expect(rendered.ok).toBe(true);
        expect(expected.ok).toBe(true);
        if (rendered.ok && expected.ok) expect(rendered.text).toBe(expected.text.replace('@@', () => v));
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});

describe('shell text: rendered by KServe, eval`d by bash, the value is one word (property, fixed seed)', () => {
  const UNITS = ["'", '"', '`', '$(touch x)', '$', '{{', '}}', '{{ printf "%c" 39 }}', ';', '\\', '\n', ' ', '#', '*', 'a', '-'];
  const value = fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
  const DATA = templateDataFromService({ metadata: { name: 'svc', namespace: 'ns' }, spec: {} });

  test('VLLM_ADDITIONAL_ARGS "--x ${V}": vLLM gets --x and the value', () => {
    fc.assert(
      fc.property(value, (v) => {
        const out = substitute('--x ${V}', vars({ V: v }), SHELL);
        expect(out.problems).toEqual([]);
        const rendered = renderTemplate(out.text, DATA);
        if (!rendered.ok) throw new Error(rendered.error.message);
        expect(bashWords(EVAL_SCRIPT, { VLLM_ADDITIONAL_ARGS: rendered.text })).toEqual(['--x', v]);
      }),
      { seed: 11, numRuns: 60 },
    );
  });
});

describe('container env values: the kubelet gives back the value', () => {
  test('kubeletExpand: $$ is $, $(NAME) of a defined name is its value, the rest stays', () => {
    expect(kubeletExpand('$$ $(HOME) $(NOPE) $x $( $', { HOME: '/h' })).toBe('$ /h $(NOPE) $x $( $');
  });
  test('every $ of a value is doubled, so that $(NAME) and $$ in it stay data', () => {
    const landing: Landing = { template: true, kubelet: true, shell: false, suggest: false };
    for (const v of ['$(HOME)', 'a$$b', '$', 'x $(touch p) $((1+2))']) {
      const out = substitute('pre ${V}', vars({ V: v }), landing);
      expect(kubeletExpand(out.text, { HOME: '/h', touch: 't' })).toBe(`pre ${v}`);
    }
  });
});
