/**
 * KServe's own schema check: the `spec` of an LLMInferenceServiceConfig or LLMInferenceService
 * against the v1alpha2 CRD schema (LLMInferenceServiceSpec, derived by
 * scripts/derive-kserve-schema.mjs into schemas/llminferenceservice-spec.v1alpha2.json and
 * compiled by the build into a standalone ajv validator: nothing is compiled at run time).
 *
 * Severity (docs/validation.md): a field the API server would prune (unknown to the structural
 * schema) is a warning with a did-you-mean, and so is a null where a value belongs (the API server
 * drops it too); everything else the schema catches (type, enum, pattern, required,
 * minimum/maximum, lengths, duplicates in a set) is an error: the API server, or Kubernetes when
 * KServe creates the pods, would reject it. Strings holding a Go template
 * (`{{`) pass the checks KServe applies after rendering (pod-template patterns, core/v1 enums such
 * as a probe's `scheme`). CEL rules are not in the schema (admission.ts checks the ones that
 * matter for prefill).
 *
 * Paths: `spec.` plus the field path, list entries by index (`containers[0]`, `env[3]`), the same
 * form the filters' change paths use; names of merge-keyed lists are not substituted.
 */
import type { ErrorObject } from 'ajv';
import { closest, toFieldError } from '../config/field-errors';
import { error, warning, type ResourceRef, type Result } from '../krm/results';

type Validate = typeof import('../generated/llminferenceservice-spec.validate');

let loaded: Validate | undefined;

/**
 * The generated validator (0.65 MB of minified code), evaluated on first use: esbuild keeps a
 * required CommonJS module in a function that runs when it is first required, so a run that
 * validates nothing (--help, --version, an input without KServe resources) does not pay for
 * evaluating it (about 20 ms, the first call); V8 still scans its text at start-up (about 10 ms).
 */
function validator(): Validate {
  loaded ??= require('../generated/llminferenceservice-spec.validate') as Validate;
  return loaded;
}

/**
 * Findings for one resource's `spec` (the value under `spec`, as plain data). `undefined` (no
 * spec) gives none: KServe's CRDs do not require one.
 */
export function validateSpec(spec: unknown, ref: ResourceRef | undefined): Result[] {
  if (spec === undefined) return [];
  const validate = validator();
  if (validate(spec)) return [];
  const seen = new Set<string>();
  const results: Result[] = [];
  for (const e of validate.errors ?? []) {
    const result = toResult(e, ref);
    const key = `${result.field?.path}\u0000${result.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    results.push(result);
  }
  return results;
}

function toResult(e: ErrorObject, ref: ResourceRef | undefined): Result {
  const fe = toFieldError(e);
  const path = fe.path === '' ? 'spec' : `spec.${fe.path}`;
  const at = (currentValue?: unknown): Partial<Result> => ({
    ...(ref ? { resourceRef: ref } : {}),
    field: currentValue === undefined ? { path } : { path, currentValue },
  });
  if (e.keyword === 'additionalProperties') {
    const name = String(e.params.additionalProperty);
    const known = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
    const guess = closest(name, known);
    const hint = guess ? ` (did you mean "${guess}"?)` : known.length <= 12 ? ` (known fields: ${known.join(', ')})` : '';
    return warning(`unknown field "${name}"${hint}: not in KServe's ${ref?.kind ?? 'LLMInferenceServiceSpec'} schema, the API server would drop it silently`, at());
  }
  // `env:` with every entry commented out is null; the API server drops nulls of fields that are
  // not nullable (none in these CRDs are) before it validates.
  if (e.keyword === 'type' && e.data === null) return warning(`${fe.message}, not null: the API server drops a null field (remove the key or give a value)`, at());
  const scalar = ['string', 'number', 'boolean'].includes(typeof e.data) ? e.data : undefined;
  return error(fe.message, at(scalar));
}
