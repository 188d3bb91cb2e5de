/**
 * docs/config-reference.md carries the field table generated from the schema (between markers),
 * so the documentation cannot drift from what validation enforces. UPDATE_DOCS=1 rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldReferenceMarkdown } from '../functions/src/cli/field-reference';
import { ROOT } from './support/tools';

const FILE = join(ROOT, 'docs/config-reference.md');
const BEGIN = '<!-- fields: generated from the schema by test/docs.test.ts (UPDATE_DOCS=1) -->';
const END = '<!-- end of fields -->';

test('docs/config-reference.md has the field table of the current schema', () => {
  const text = readFileSync(FILE, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const expected = `${BEGIN}\n${fieldReferenceMarkdown()}\n${END}`;
  if (process.env.UPDATE_DOCS === '1') writeFileSync(FILE, text.slice(0, start) + expected + text.slice(end + END.length));
  expect(readFileSync(FILE, 'utf8').slice(start, start + expected.length)).toBe(expected);
});
