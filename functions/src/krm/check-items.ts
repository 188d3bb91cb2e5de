/**
 * What every item of a ResourceList must be before the function does anything with it:
 *
 * - a KRM resource: apiVersion, kind and metadata.name set. kpt refuses input without them
 *   ("input resource list must contain only KRM resources: d.yaml: resource must have
 *   `metadata.name`", seen with kpt 1.0.0-beta.56) except for kustomization files, which it
 *   passes without a name; so does this check.
 * - unique: no two items with the same API group, kind, namespace and name. kustomize fails on
 *   duplicates ("may not add resource with an already registered id"); kpt passes them on (seen)
 *   and leaves the cluster to pick one. As kustomize does, a missing namespace counts as
 *   "default", and the version does not count (apps/v1 and apps/v1beta1 Deployments are the same
 *   object). Client-side objects are exempt: Kptfiles and local-config items (kpt packages often
 *   hold one `setters` ConfigMap per subpackage), which never reach a cluster.
 *
 * Each problem is an error result naming the item by its index and input line (and its file,
 * when kpt's path annotation is there); the run then gives every item back unchanged.
 */
import { isMap, isScalar } from 'yaml';
import { ItemSyntaxError, parseHead, type Item } from './item';
import { error, refOf, type Result } from './results';

export function checkItems(items: readonly Item[]): Result[] {
  const results: Result[] = [];
  const seen = new Map<string, Item>();
  for (const item of items) {
    const { apiVersion, kind, name, namespace } = item.id;
    const nameless = isKustomization(item);
    const missing = [!apiVersion && 'apiVersion', !kind && 'kind', !name && !nameless && 'metadata.name'].filter((m): m is string => typeof m === 'string');
    if (missing.length > 0) {
      results.push(
        error(`${where(item)} has no ${list(missing)}: every resource needs apiVersion, kind and metadata.name`, {
          ...fileOf(item),
          tags: { index: String(item.index), line: String(item.chunk.line) },
        }),
      );
      continue;
    }
    if (nameless || (kind === 'Kptfile' && group(apiVersion as string) === 'kpt.dev')) continue;
    const key = [group(apiVersion as string), kind, namespace || 'default', name].join('\u0000');
    const first = seen.get(key);
    if (first && !isLocalConfig(first) && !isLocalConfig(item)) {
      const what = [kind, namespace, name].filter(Boolean).join('/');
      results.push(
        error(`duplicate resource ${what}: ${where(first)} and ${where(item)} have the same API group, kind, namespace and name (kustomize rejects duplicates too)`, {
          resourceRef: refOf(item.id),
          ...fileOf(item),
        }),
      );
      continue;
    }
    seen.set(key, item);
  }
  return results;
}

function isKustomization(item: Item): boolean {
  return (item.id.kind === 'Kustomization' || item.id.kind === 'Component') && group(item.id.apiVersion ?? '') === 'kustomize.config.k8s.io';
}

function where(item: Item): string {
  return `item ${item.index} (input line ${item.chunk.line})`;
}

function group(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function list(words: readonly string[]): string {
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * An annotation of an item, read by parsing its metadata (only for items with a problem: a
 * duplicate of a large CRD must not be parsed whole), or undefined.
 */
function annotationsOf(item: Item): (key: string) => string | undefined {
  let annotations: unknown;
  try {
    annotations = parseHead(item.chunk).node.getIn(['metadata', 'annotations'], true);
  } catch (e) {
    if (e instanceof ItemSyntaxError) return () => undefined;
    throw e;
  }
  return (key) => {
    const node = isMap(annotations) ? annotations.get(key, true) : undefined;
    return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
  };
}

function isLocalConfig(item: Item): boolean {
  return annotationsOf(item)('config.kubernetes.io/local-config') === 'true';
}

/** The item's file as kpt annotates it, when it does. */
function fileOf(item: Item): { file?: { path: string; index?: number } } {
  const text = annotationsOf(item);
  const path = text('internal.config.kubernetes.io/path') ?? text('config.kubernetes.io/path');
  if (!path) return {};
  const index = Number(text('internal.config.kubernetes.io/index') ?? text('config.kubernetes.io/index'));
  return { file: Number.isInteger(index) ? { path, index } : { path } };
}
