/**
 * The model of Flux's post-build substitution (flux-envsubst.ts) against the real envsubst,
 * form by form: every text of flux-envsubst-table.json, for each variable map, strict and not.
 * A form the model does not know must be a model error ("not modelled"), never a guess.
 * The copy is checked against ../shared/reference/envsubst-table.json when that is there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fluxSubstitute, type FluxResult } from './flux-envsubst';
import table from './flux-envsubst-table.json';

type Outcome = { out: string } | { error: string };
interface Form {
  in: string;
  [map: string]: string | [Outcome, Outcome];
}

const MAPS = table.maps as Record<string, Record<string, string>>;
const FORMS = table.forms as unknown as Form[];
const SHARED = join(__dirname, '../../../shared/reference/envsubst-table.json');

/** The model's answer in the table's shape; undefined for a form it says it does not model. */
function modelled(result: FluxResult): Outcome | undefined {
  if (result.ok) return { out: result.text };
  if (result.error.startsWith('model:')) return undefined;
  return { error: result.error };
}

const rows = FORMS.flatMap((form) =>
  Object.keys(MAPS).flatMap((map) =>
    ([true, false] as const).map((strict) => [form.in, map, strict ? 'strict' : 'non-strict', (form[map] as [Outcome, Outcome])[strict ? 0 : 1]] as const),
  ),
);

describe('the Flux model against the measured envsubst table', () => {
  test('the table has every form for every map', () => {
    expect(FORMS.length).toBeGreaterThan(150);
    for (const form of FORMS) for (const map of Object.keys(MAPS)) expect([form.in, map, Array.isArray(form[map])]).toEqual([form.in, map, true]);
  });

  test.each(rows)('%j with map %s, %s', (text, map, mode, measured) => {
    const got = modelled(fluxSubstitute(text, MAPS[map] as Record<string, string>, mode === 'strict'));
    if (got === undefined) {
      // Not modelled: the real envsubst must not give back the text unchanged (else the model
      // could simply have said so), and the model refuses instead of guessing.
      expect('out' in measured && measured.out === text).toBe(false);
      return;
    }
    expect(got).toEqual(measured);
  });

  test('the model refuses only substring, case, replace and trim operators; every other form is modelled', () => {
    const refused = FORMS.filter((f) => {
      const r = fluxSubstitute(f.in, MAPS.basic as Record<string, string>, false);
      return !r.ok && r.error.startsWith('model:');
    }).map((f) => f.in);
    for (const text of refused) expect(text).toMatch(/\$\{[A-Za-z_]+[:,^/#%]/);
    expect(refused.length).toBeGreaterThan(0);
    // Every form this function fills or escapes around (plain, :-, :=, nesting, $$) is modelled.
    for (const f of FORMS.filter((x) => !/\$\{[A-Za-z_]+(:([^-=]|$)|[,^/#%])/.test(x.in))) expect([f.in, refused.includes(f.in)]).toEqual([f.in, false]);
  });
});

describe('the copy is the measured table', () => {
  if (!existsSync(SHARED)) {
    process.stderr.write(`SKIPPED: comparing test/support/flux-envsubst-table.json with ${SHARED}: absent\n`);
    test.skip(`copy equals ${SHARED} (skipped: absent)`, () => undefined);
    return;
  }
  test('same forms, maps and outcomes as ../shared/reference/envsubst-table.json', () => {
    const shared = JSON.parse(readFileSync(SHARED, 'utf8')) as { maps: unknown; forms: Record<string, unknown>[]; postBuild: unknown };
    expect(MAPS).toEqual(shared.maps);
    const flat = shared.forms.map((f) => ({ in: f.in, ...Object.fromEntries(Object.keys(MAPS).map((m) => [m, [(f[m] as { strict: Outcome }).strict, (f[m] as { nonStrict: Outcome }).nonStrict]])) }));
    expect(FORMS).toEqual(flat);
    expect(table.postBuild).toEqual(shared.postBuild);
  });
});
