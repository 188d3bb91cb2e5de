/** The post-build model (flux-postbuild.ts) against every measured whole-resource case. */
import { fluxPostBuild } from './flux-postbuild';
import table from './flux-envsubst-table.json';

interface Row {
  what: string;
  resources: unknown[];
  substitute: Record<string, string>;
  strict: boolean;
  strategy: 'WithVariables' | 'Always';
  result: { resources: unknown[] } | { error: string };
}

const ROWS = (table.postBuild as unknown as Row[]).map((r) => [r.what, r] as const);

test('the table has the cases the escaping relies on', () => {
  expect(ROWS.map(([what]) => what)).toEqual(expect.arrayContaining([expect.stringContaining('no variable at all'), expect.stringContaining('substituteStrategy Always')]));
});

test.each(ROWS)('%s', (_what, row) => {
  const got = fluxPostBuild(row.resources, { substitute: row.substitute, strict: row.strict, strategy: row.strategy });
  if ('error' in row.result) {
    expect(got.ok).toBe(false);
    const message = got.ok ? '' : got.error;
    // Go's YAML parser words its errors its own way: the model names the step, not the text.
    const [head, rest] = row.result.error.split('YAMLToJSON: ');
    expect(message).toContain(rest === undefined ? row.result.error : `${head}YAMLToJSON: `);
  } else {
    expect(got).toEqual({ ok: true, resources: row.result.resources });
  }
});
