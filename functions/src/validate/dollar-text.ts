/**
 * Safety lint for the `$` and `{{` text of managed resources. Four kinds share these files: KServe
 * Go templates (`{{ }}`), Kubernetes dependent variables (`$(VAR)`, expanded by the kubelet in
 * command, args and env), shell (`$VAR`, `${...}`, `$(cmd)`, `$((...))` in scripts) and pipeline
 * variables (declared `${NAME}`). Each occurrence is classified; a declared variable whose name a
 * script also uses is a warning; output the selected engine would mangle is an error.
 */
import type { Document, YAMLMap } from 'yaml';
import { FLUX_SUBSTITUTE, ESCAPED_MARK } from '../filters/flux';
import { escapeForFlux, fluxVariableRefs } from '../variables/flux-escape';
import { stringsOf } from '../yaml/strings';
import { references } from '../variables/references';
import { ARGOCD_BUILD_ENV } from '../variables/resolve';
import { envEntryKeys } from '../variables/shell-text';
import { lostAfter, VLLM_ADDITIONAL_ARGS } from '../filters/append-vllm-args';

export type DollarKind = 'goTemplate' | 'kubernetesVar' | 'shell' | 'pipelineVar' | 'other';

export type DollarCounts = Record<DollarKind, number>;

export interface LintFinding {
  severity: 'error' | 'warning';
  path: string;
  message: string;
}

export interface LintContext {
  engine: 'none' | 'argocd' | 'flux';
  declared: ReadonlySet<string>;
  deferred: ReadonlySet<string>;
  /** Whether this run appends spec.vllmArgs to VLLM_ADDITIONAL_ARGS (then a broken value is an error). */
  appendsVllmArgs?: boolean;
}

const GO_TEMPLATE = /\{\{/g;
// `$(NAME)` is the kubelet's when NAME is an env var of the container, and otherwise bash's command
// substitution; env var names are upper case by convention, commands are not.
const KUBE_VAR = /(?<!\$)\$\(([A-Z_][A-Z0-9_]*)\)/g;
const BRACED = /(?<!\$)\$\{[#!]?([A-Za-z_][A-Za-z0-9_]*)?/g;
const BARE = /(?<!\$)\$([A-Za-z_][A-Za-z0-9_]*|[@*#?$!0-9])/g;
const SUBSHELL = /(?<!\$)\$\((?![A-Z_][A-Z0-9_]*\))/g;

export function countDollars(text: string, inCommand: boolean, declared: ReadonlySet<string>): DollarCounts {
  const counts: DollarCounts = { goTemplate: 0, kubernetesVar: 0, shell: 0, pipelineVar: 0, other: 0 };
  counts.goTemplate = (text.match(GO_TEMPLATE) ?? []).length;
  counts.kubernetesVar = (text.match(KUBE_VAR) ?? []).length;
  counts.shell += (text.match(SUBSHELL) ?? []).length;
  for (const m of text.matchAll(BRACED)) {
    if (inCommand) counts.shell++;
    else if (m[1] && declared.has(m[1])) counts.pipelineVar++;
    else counts.other++;
  }
  if (inCommand) counts.shell += (text.match(BARE) ?? []).length;
  return counts;
}

export function lintResource(doc: Document, node: YAMLMap, ctx: LintContext): { counts: DollarCounts; findings: LintFinding[] } {
  const counts: DollarCounts = { goTemplate: 0, kubernetesVar: 0, shell: 0, pipelineVar: 0, other: 0 };
  const findings: LintFinding[] = [];
  const strings = stringsOf(doc);
  for (const s of strings) {
    const c = countDollars(s.node.value, s.inCommand, ctx.declared);
    for (const k of Object.keys(counts) as DollarKind[]) counts[k] += c[k];
    if (s.inCommand) {
      for (const name of ctx.declared) {
        if (new RegExp(`\\$\\{?${name}\\b`).test(s.node.value)) {
          findings.push({ severity: 'warning', path: s.path, message: `pipeline variable ${name} is also a shell variable of this script: the function leaves it alone here (and engine flux escapes it here, even when deferred), but a step that substitutes the whole file would not` });
        }
      }
    }
  }
  findings.push(...vllmArgsFindings(doc, strings, ctx));
  if (ctx.engine === 'flux') findings.push(...fluxFindings(node, strings, ctx));
  if (ctx.engine === 'argocd') findings.push(...unsetArgoVariables(strings, ctx));
  return { counts, findings };
}

function fluxFindings(node: YAMLMap, strings: ReturnType<typeof stringsOf>, ctx: LintContext): LintFinding[] {
  const protectedFromFlux = node.getIn(['metadata', 'annotations', FLUX_SUBSTITUTE]) === 'disabled';
  const escaped = node.getIn(['metadata', 'annotations', ESCAPED_MARK]) === 'true';
  const findings: LintFinding[] = [];
  for (const s of strings) {
    const deferredHere = fluxVariableRefs(s.node.value).filter((n) => ctx.deferred.has(n));
    if (protectedFromFlux && deferredHere.length > 0) {
      findings.push({ severity: 'error', path: s.path, message: `${deferredHere.join(', ')} is left for Flux (deferToFlux), but this resource is protected from Flux's substitution: use pipeline.flux.substitution: escape` });
    } else if (!protectedFromFlux && !escaped && escapeForFlux(s.node.value, ctx.deferred) !== s.node.value) {
      findings.push({ severity: 'error', path: s.path, message: "Flux's post-build substitution would change or reject this text" });
    }
  }
  return findings;
}

/** VLLM_ADDITIONAL_ARGS of container main whose text after a line break or `#` never reaches vLLM. */
function vllmArgsFindings(doc: Document, strings: ReturnType<typeof stringsOf>, ctx: LintContext): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const s of strings) {
    const keys = envEntryKeys(s.path);
    if (!keys?.regular || doc.getIn([0, ...keys.container, 'name']) !== 'main' || doc.getIn([0, ...keys.entry, 'name']) !== VLLM_ADDITIONAL_ARGS) continue;
    const lost = lostAfter(s.node.value);
    if (!lost) continue;
    const appended = ctx.appendsVllmArgs ? ', the spec.vllmArgs appended to it included' : '';
    findings.push({
      severity: ctx.appendsVllmArgs ? 'error' : 'warning',
      path: s.path,
      message: `${VLLM_ADDITIONAL_ARGS} has an unquoted ${lost}: KServe's script evals it inside one command line, so everything after the ${lost} never reaches vLLM${appended}${lost === 'comment' ? ", and neither do the container's args" : ''}; write it on one line, without a # comment`,
    });
  }
  return findings;
}

/** Argo CD build variables still in the output: not set where this ran (outside Argo CD?). */
function unsetArgoVariables(strings: ReturnType<typeof stringsOf>, ctx: LintContext): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const s of strings) {
    if (s.inCommand) continue;
    for (const ref of references(s.node.value)) {
      if (ctx.declared.has(ref.name) || !isArgoVariable(ref.name)) continue;
      findings.push({ severity: 'warning', path: s.path, message: `\${${ref.name}} is not set, so it stays as it is (Argo CD sets it when it renders; set it to render elsewhere)` });
    }
  }
  return findings;
}

function isArgoVariable(name: string): boolean {
  return ARGOCD_BUILD_ENV.includes(name) || name.startsWith('ARGOCD_ENV_');
}
