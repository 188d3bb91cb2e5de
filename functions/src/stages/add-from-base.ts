/** Stage "patch", for a managed config the input lacks: made from the embedded base, then patched like the others. */
import type { ConfigRole } from '../config/types';
import { documentAsItem } from '../files/stream';
import type { Filter } from '../filters/filter';
import { setIdentity } from '../filters/set-identity';
import { indentLines } from '../krm/lines';
import type { Result } from '../krm/results';
import type { Chunk } from '../krm/scan';
import { releaseOf } from '../kserve/releases';
import { configName, type KServeSettings } from '../plan/managed';
import { configToAdd } from '../plan/release-configs';
import type { Outcome, Patch } from './patch-item';

/** `indent`: the input items' indent, so that the added config lines up with them. */
export function addFromBase(patch: Patch, role: ConfigRole, kserve: KServeSettings, filters: readonly Filter[], indent: number): Outcome | Result {
  const name = configName(role, kserve);
  const add = configToAdd(role, releaseOf(kserve.version), name, kserve.namespace);
  if ('severity' in add) return add;
  const chunk: Chunk = { text: indentLines(documentAsItem(add.text), indent), indent, line: 0 };
  const outcome = patch(chunk, undefined, [setIdentity(name, kserve.namespace), ...filters], role);
  if ('severity' in outcome) return outcome;
  return { ...outcome, added: true, changes: [{ path: '', description: add.description }, ...outcome.changes] };
}
