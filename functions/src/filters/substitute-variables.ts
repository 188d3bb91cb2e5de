/**
 * Fills declared pipeline variables into the string fields of a managed resource — never inside
 * a container's `command` or `args`, whose `${...}` belong to bash. Every such field is Go
 * template text for KServe (the configs, and the services merged into them); container env values
 * are expanded by the kubelet, and those of container `main` named in variables/shell-text.ts are
 * shell text as well. Problems (a value that
 * cannot be written safely, a form not filled, a near miss of a declared name) go to
 * `vars.findings`, with the resource and field.
 */
import type { Document, YAMLMap } from 'yaml';
import { refOf, type ResourceRef } from '../krm/results';
import type { Resolution } from '../variables/resolve';
import { envEntryKeys, isShellTextEnv } from '../variables/shell-text';
import { substitute, type Landing } from '../variables/substitute';
import { stringsOf } from '../yaml/strings';
import type { Change, Filter } from './filter';

/** Told where each variable was used: the field path inside the resource. */
export type UseNoter = (name: string, path: string, target: Parameters<Filter>[0]) => void;

const TEMPLATE: Landing = { template: true, shell: false, suggest: true };
const ENV_VALUE: Landing = { ...TEMPLATE, kubelet: true };

export function substituteVariables(vars: Resolution, noteUse: UseNoter): Filter {
  return (target) => {
    const changes: Change[] = [];
    for (const s of stringsOf(target.doc)) {
      if (s.inCommand) continue;
      const out = substitute(s.node.value, vars, landingOf(target.doc, s.path));
      for (const name of out.used) noteUse(name, s.path, target);
      for (const message of out.problems) vars.findings.push({ ref: resourceRef(target.node), path: s.path, severity: 'error', message });
      if (out.text === s.node.value || out.problems.length > 0) continue;
      s.node.value = out.text;
      changes.push({ path: s.path, description: `variables ${[...new Set(out.used)].join(', ')} in ${s.path}` });
    }
    return changes;
  };
}

/** Template text, and shell text for an eval'd env value of container main. */
function landingOf(doc: Document, path: string): Landing {
  const keys = envEntryKeys(path);
  if (!keys) return TEMPLATE;
  const container = doc.getIn([0, ...keys.container, 'name']);
  const name = doc.getIn([0, ...keys.entry, 'name']);
  if (!keys.regular || container !== 'main' || typeof name !== 'string' || !isShellTextEnv(name)) return ENV_VALUE;
  return { template: true, kubelet: true, shell: true, suggest: false, noDeferred: `${name} is shell text that KServe's script evals` };
}

function resourceRef(node: YAMLMap): ResourceRef | undefined {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return refOf({ apiVersion: text(node.get('apiVersion')), kind: text(node.get('kind')), name: text(node.getIn(['metadata', 'name'])), namespace: text(node.getIn(['metadata', 'namespace'])) });
}
