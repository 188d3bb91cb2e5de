/**
 * Lints every `{{ }}` of a managed config the way KServe will execute it (JSON-embedded Go
 * text/template): unclosed or unbalanced actions, unknown functions, field chains that do not
 * exist in the LLMInferenceService spec. A config whose template fails is rejected by KServe's
 * admission webhook, or fails every reconcile.
 */
import { lintTemplate, type JsonSchema } from '../gotemplate';
import { error, warning, type ResourceRef, type Result } from '../krm/results';
import { stringsOf } from '../yaml/strings';
import type { Document } from 'yaml';
import specSchema from './schemas/llminferenceservice-spec.v1alpha2.json';
import baseTemplates from '../generated/base-templates.json';

/**
 * The template strings of the embedded base configs (extracted by scripts/build.mjs). They lint
 * clean — templates.test.ts checks every one — so the lint skips them: the scripts are most of a
 * config's template text, and the function never edits them.
 */
const KNOWN_CLEAN: ReadonlySet<string> = new Set(baseTemplates.strings);

export function lintTemplates(doc: Document, ref: ResourceRef | undefined): Result[] {
  const results: Result[] = [];
  for (const s of stringsOf(doc)) {
    if (!s.node.value.includes('{{') || KNOWN_CLEAN.has(s.node.value)) continue;
    for (const f of lintTemplate(s.node.value, { specSchema: specSchema as JsonSchema })) {
      const where = f.line > 1 ? ` (line ${f.line} of the value)` : '';
      // tags.valueLine: render adds it to the line of the field in the source file.
      const tags = { valueLine: String(f.line) };
      results.push((f.severity === 'error' ? error : warning)(`Go template: ${f.message}${where}`, ref ? { resourceRef: ref, field: { path: s.path }, tags } : { tags }));
    }
  }
  return results;
}
