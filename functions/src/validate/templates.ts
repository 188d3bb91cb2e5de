/**
 * Lints every `{{ }}` of a managed config the way KServe will execute it (JSON-embedded Go
 * text/template): unclosed or unbalanced actions, unknown functions, field chains that do not
 * exist in the LLMInferenceService spec. A config whose template fails is rejected by KServe's
 * admission webhook, or fails every reconcile. The functions, `.GlobalConfig` fields and spec
 * fields are those of the declared controller release (kserve/releases.ts).
 */
import { lintTemplate, type JsonSchema, type LintOptions } from '../gotemplate';
import { error, warning, type ResourceRef, type Result } from '../krm/results';
import { stringsOf } from '../yaml/strings';
import type { Document } from 'yaml';
import baseTemplates from '../generated/base-templates.json';
import { availability, DEFAULT_RELEASE, releaseOf, type Release } from '../kserve/releases';

/**
 * The template strings of the embedded base configs (extracted by scripts/build.mjs). They lint
 * clean on the release they match — templates.test.ts checks every one — so the lint skips them
 * there: the scripts are most of a config's template text, and the function never edits them.
 * On an older release they call functions it lacks, so they are linted like any other text.
 */
const KNOWN_CLEAN: ReadonlySet<string> = new Set(baseTemplates.strings);

export function lintTemplates(doc: Document, ref: ResourceRef | undefined, release: Release = releaseOf(DEFAULT_RELEASE)): Result[] {
  const results: Result[] = [];
  const skipKnown = release.files === DEFAULT_RELEASE;
  let options: LintOptions | undefined;
  for (const s of stringsOf(doc)) {
    if (!s.node.value.includes('{{') || (skipKnown && KNOWN_CLEAN.has(s.node.value))) continue;
    options ??= lintOptions(release);
    for (const f of lintTemplate(s.node.value, options)) {
      const where = f.line > 1 ? ` (line ${f.line} of the value)` : '';
      // tags.valueLine: render adds it to the line of the field in the source file.
      const tags = { valueLine: String(f.line) };
      results.push((f.severity === 'error' ? error : warning)(`Go template: ${f.message}${where}`, ref ? { resourceRef: ref, field: { path: s.path }, tags } : { tags }));
    }
  }
  return results;
}

/** What the lint checks against: the release's functions, `.GlobalConfig` fields and spec schema. */
function lintOptions(release: Release): LintOptions {
  return {
    specSchema: schemaFor(release),
    kserveFunctions: release.functions,
    globalConfigFields: release.globalConfigFields,
    missingNote: (kind: 'function' | 'field', name: string) => {
      const since = availability(kind, name);
      return since ? `KServe ${release.name}, the release spec.kserve.version declares, lacks it; ${since}` : undefined;
    },
  };
}

let specSchema: JsonSchema | undefined;
let withoutOffloading: JsonSchema | undefined;

/**
 * The spec schema (47 KB of JSON), read on first use: required inside a function, esbuild keeps
 * the JSON module in a function that runs when first required, so a run whose templates all
 * skip the lint (the base configs') never builds its thousands of objects at start-up.
 */
function specSchemaOf(): JsonSchema {
  specSchema ??= require('./schemas/llminferenceservice-spec.v1alpha2.json') as JsonSchema;
  return specSchema;
}

/** The spec schema of the release's Go types: before v0.20.0 there is no kvCacheOffloading. */
function schemaFor(release: Release): JsonSchema {
  if (release.kvCacheOffloading) return specSchemaOf();
  withoutOffloading ??= dropProperty(specSchemaOf(), 'kvCacheOffloading');
  return withoutOffloading;
}

/** A copy of the schema without `name` in any `properties` (only the maps on the way are copied). */
function dropProperty(schema: JsonSchema, name: string): JsonSchema {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    const props = out.properties;
    if (props && typeof props === 'object' && name in props) {
      const { [name]: _dropped, ...rest } = props as Record<string, unknown>;
      out.properties = rest;
    }
    return out;
  };
  return walk(schema) as JsonSchema;
}
