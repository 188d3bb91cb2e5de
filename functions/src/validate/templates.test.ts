import { parseDocument, visit, isScalar } from 'yaml';
import { lintTemplate, type JsonSchema } from '../gotemplate';
import { BASE_CONFIGS } from '../plan/base-configs';
import baseTemplates from '../generated/base-templates.json';
import specSchema from './schemas/llminferenceservice-spec.v1alpha2.json';
import { lintTemplates } from './templates';

/** The Go template strings of a config's text, as lintTemplates sees them. */
function templateStrings(text: string): string[] {
  const strings: string[] = [];
  visit(parseDocument(text), {
    Scalar(_k, node) {
      if (isScalar(node) && typeof node.value === 'string' && node.value.includes('{{')) strings.push(node.value);
    },
  });
  return strings;
}

describe('the known-clean base template strings the lint skips', () => {
  test('are every template string of the embedded base configs, as built', () => {
    const inBase = new Set([...templateStrings(BASE_CONFIGS.template), ...templateStrings(BASE_CONFIGS.dataParallel)]);
    expect(inBase.size).toBeGreaterThan(0);
    expect(new Set(baseTemplates.strings)).toEqual(inBase);
  });

  test.each(baseTemplates.strings.map((s, i) => [i, s] as const))('string %i lints clean', (_i, s) => {
    expect(lintTemplate(s, { specSchema: specSchema as JsonSchema })).toEqual([]);
  });

  test('a base string with one edit is linted again', () => {
    const script = [...baseTemplates.strings].sort((a, b) => b.length - a.length)[0];
    const broken = script.replace('{{', '{{ .Spec.NoSuchField }}{{');
    const doc = parseDocument(`spec:\n  prefill:\n    template:\n      containers:\n      - args: ${JSON.stringify(broken)}\n`);
    const results = lintTemplates(doc, undefined);
    expect(results.map((r) => r.message).join('\n')).toMatch(/NoSuchField/);
  });
});
