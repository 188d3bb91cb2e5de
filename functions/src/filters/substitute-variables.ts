/**
 * Fills declared pipeline variables into the string fields of a managed resource — never inside
 * a container's `command` or `args`, whose `${...}` belong to bash.
 */
import { substitute, type VariableValues } from '../variables/substitute';
import { stringsOf } from '../yaml/strings';
import type { Change, Filter } from './filter';

/** Told where each variable was used: the field path inside the resource. */
export type UseNoter = (name: string, path: string, target: Parameters<Filter>[0]) => void;

export function substituteVariables(vars: VariableValues, noteUse: UseNoter): Filter {
  return (target) => {
    const changes: Change[] = [];
    for (const s of stringsOf(target.doc)) {
      if (s.inCommand) continue;
      const out = substitute(s.node.value, vars);
      for (const name of out.used) noteUse(name, s.path, target);
      if (out.text === s.node.value) continue;
      s.node.value = out.text;
      changes.push({ path: s.path, description: `variables ${[...new Set(out.used)].join(', ')} in ${s.path}` });
    }
    return changes;
  };
}
