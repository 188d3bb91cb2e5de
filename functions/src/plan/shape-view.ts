/**
 * The parts of a parsed LLMInferenceService that decide its shape (plan/service-shape.ts reads
 * metadata.namespace, spec.baseRefs and, merged over the baseRefs, spec.prefill.worker), as
 * plain data. The same decision as on the whole service turned into plain data, for a fraction
 * of the work: the shape is decided for every selected service, twice (select-services.ts, and
 * the parallelism filter), and a whole KServe service as plain data is most of that cost.
 *
 * Why it decides the same: the merge (validate/merged-view.ts) is key by key, so the merged
 * `prefill.worker` depends only on the layers' `prefill.worker` when the service's prefill is a
 * mapping; any other prefill (a list, a scalar) is kept whole, as is anything that is not a
 * mapping where a mapping is looked into. A service with an alias anywhere is turned into
 * plain data whole, as before: alias limits (krm/limits.ts) then apply exactly as they did (a
 * document parsed from text without `*` is known to have none, without a walk).
 */
import { isAlias, isCollection, isMap, isNode, isPair, type Document, type YAMLMap } from 'yaml';
import { isAliasFree, toPlain } from '../krm/limits';

type Obj = Record<string, unknown>;

export function shapeView(doc: Document, service: YAMLMap): Obj {
  if (!isAliasFree(doc) && hasAlias(service)) return toPlain(doc, service) as Obj;
  const plain = (node: unknown): unknown => (isNode(node) ? toPlain(doc, node) : node);
  const view: Obj = {};
  pick(service, 'metadata', (metadata) => (isMap(metadata) ? pickPlain(metadata, ['namespace'], plain) : plain(metadata)), view);
  pick(
    service,
    'spec',
    (spec) => {
      if (!isMap(spec)) return plain(spec);
      const out = pickPlain(spec, ['baseRefs'], plain);
      pick(spec, 'prefill', (prefill) => (isMap(prefill) ? pickPlain(prefill, ['worker'], plain) : plain(prefill)), out);
      return out;
    },
    view,
  );
  return view;
}

/** Sets out[key] to read(the node at key) when the mapping has the key. */
function pick(map: YAMLMap, key: string, read: (node: unknown) => unknown, out: Obj): void {
  if (map.has(key)) out[key] = read(map.get(key, true));
}

function pickPlain(map: YAMLMap, keys: readonly string[], plain: (node: unknown) => unknown): Obj {
  const out: Obj = {};
  for (const key of keys) pick(map, key, plain, out);
  return out;
}

/** Whether an alias is anywhere in the node. Recursive, over a document already depth limited. */
function hasAlias(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (isPair(node)) return hasAlias(node.key) || hasAlias(node.value);
  if (isCollection(node)) return node.items.some(hasAlias);
  return false;
}
