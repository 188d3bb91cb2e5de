/**
 * Stage "lint", for one resource as it goes out: `$` / `{{` text, YAML 1.1 lookalikes, and (for
 * the configs) the Go templates KServe will execute. Also counts the `$` / `{{` texts it saw.
 */
import type { PrefillOverlaySpec } from '../config/types';
import type { Target } from '../filters/filter';
import type { ParsedItem } from '../krm/item';
import { isStackOverflow } from '../krm/limits';
import { error, warning, type ResourceRef, type Result } from '../krm/results';
import type { Release } from '../kserve/releases';
import { lintResource as lintDollarText, type DollarCounts, type LintContext } from '../validate/dollar-text';
import { lintTemplates } from '../validate/templates';
import { yaml11Findings } from '../validate/yaml11';
import type { Resolution } from '../variables/resolve';

export interface Linted {
  findings: Result[];
  counts: DollarCounts;
}

/** What the `$` lint needs to know of the run: the engine and which variables exist. */
export function lintContextOf(spec: PrefillOverlaySpec, variables: Resolution): LintContext {
  return { engine: spec.pipeline?.engine ?? 'none', declared: new Set([...variables.values.keys(), ...variables.unset]), deferred: variables.deferred, appendsVllmArgs: (spec.vllmArgs?.length ?? 0) > 0 };
}

export function lintResource(parsed: ParsedItem, ref: ResourceRef | undefined, role: Target['role'], ctx: LintContext, release: Release): Linted {
  const { counts, findings } = lintDollarText(parsed.doc, parsed.node, ctx);
  const at = (f: { severity: 'error' | 'warning'; message: string; path: string }) => (f.severity === 'error' ? error : warning)(f.message, ref ? { resourceRef: ref, field: { path: f.path } } : {});
  const dollar = findings.map(at);
  const yaml11 = yaml11Findings(parsed.node).map(at);
  // KServe executes the configs' text as Go templates; services carry none of ours.
  return { counts, findings: role === 'service' ? [...dollar, ...yaml11] : [...dollar, ...yaml11, ...templateFindings(parsed, ref, release)] };
}

/**
 * The Go template lint of a managed config. The template parser is recursive: text nested deeper
 * than the stack allows (thousands of `(` or `{{ if }}`) is an error on the config, not a crash.
 */
function templateFindings(parsed: ParsedItem, ref: ResourceRef | undefined, release: Release): Result[] {
  try {
    return lintTemplates(parsed.doc, ref, release);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return [error('a Go template in this config nests too deeply to check (KServe would reject it too)', ref ? { resourceRef: ref } : {})];
  }
}
