/**
 * Sets resources of container "main" in every pod spec of the config (template, leader, worker),
 * merging key by key into `resources.requests` and `resources.limits` the way a strategic merge
 * patch would: resource names the config does not mention are kept as they are, and the maps are
 * created only when a value has to be written into them.
 *
 * What the config sets:
 * - `gpus: n` → `<gpuResource>: "n"` (default nvidia.com/gpu) in requests and limits;
 * - `cpu`, `memory`, `ephemeralStorage` (→ `ephemeral-storage`): a plain quantity sets requests
 *   and limits, `{requests, limits}` sets each one given;
 * - `rdma: {resource, count = 1}` → `<resource>: count` in requests and limits.
 *
 * How values are typed: a quantity is written as the config gives it — a string as a string
 * (`"64"` is printed quoted, because a plain 64 would read back as an integer), an integer as an
 * integer. So `cpu: "64"` gives `cpu: "64"`, `cpu: 64` gives `cpu: 64`, `memory: 256Gi` gives
 * `memory: 256Gi`, and the rdma count (an integer) gives `rdma/roce_gdr: 1`. The one exception
 * is the GPU count, written as a string (`nvidia.com/gpu: "8"`), as Kubernetes manifests and the
 * upstream samples usually quote it.
 *
 * When a value counts as already set: when the existing value reads back as the same text
 * (setScalarText). An existing `cpu: 64` is left as it is for a config `cpu: "64"`, and an
 * existing `nvidia.com/gpu: 8` for `gpus: 8`: Kubernetes reads both the same, so rewriting them
 * would only be noise. Quantities that are equal but spelt differently (`1` and `1000m`, `1Gi`
 * and `1024Mi`) are rewritten to the config's spelling.
 */
import type { Document, YAMLMap } from 'yaml';
import type { Quantity, RequestsLimits, Resources } from '../config/types';
import { ensureMap, setScalarText, unchanged } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { mainContainer, mainPath, podTemplates } from './pod-templates';

export const DEFAULT_GPU_RESOURCE = 'nvidia.com/gpu';

type Section = 'requests' | 'limits';

/** One value to set: a resource name in one section. `split` when requests and limits were given apart. */
interface Setting {
  section: Section;
  name: string;
  value: Quantity;
  split: boolean;
}

export function setResources(resources: Resources): Filter {
  const settings = settingsOf(resources);
  return ({ doc, node }) => {
    const changes: Change[] = [];
    if (settings.length === 0) return changes;
    for (const pod of podTemplates(node)) {
      const main = mainContainer(doc, pod.spec);
      for (const { section, name, value, split } of settings) {
        if (setScalarText(sectionMap(doc, main, section), name, value) === unchanged) continue;
        changes.push({
          path: `${mainPath(pod.path)}.resources.${section}.${name}`,
          description: `resources ${split ? `${section}.` : ''}${name}=${String(value)}`,
        });
      }
    }
    return changes;
  };
}

/** The settings a Resources config stands for, requests before limits for each resource name. */
export function settingsOf(resources: Resources): Setting[] {
  const out: Setting[] = [];
  const both = (name: string, value: Quantity) => {
    out.push({ section: 'requests', name, value, split: false }, { section: 'limits', name, value, split: false });
  };
  const quantity = (name: string, value: RequestsLimits | undefined) => {
    if (value === undefined) return;
    if (typeof value !== 'object') return both(name, value);
    if (value.requests !== undefined) out.push({ section: 'requests', name, value: value.requests, split: true });
    if (value.limits !== undefined) out.push({ section: 'limits', name, value: value.limits, split: true });
  };
  if (resources.gpus !== undefined) both(resources.gpuResource ?? DEFAULT_GPU_RESOURCE, String(resources.gpus));
  quantity('cpu', resources.cpu);
  quantity('memory', resources.memory);
  quantity('ephemeral-storage', resources.ephemeralStorage);
  if (resources.rdma !== undefined) both(resources.rdma.resource, resources.rdma.count ?? 1);
  return out;
}

/**
 * `resources.<section>` of the container. Created when absent, but an edit only happens when a
 * value differs: a map created here always gets the value, so no empty map is left behind.
 */
function sectionMap(doc: Document, main: YAMLMap, section: Section): YAMLMap {
  return ensureMap(doc, ensureMap(doc, main, 'resources'), section);
}
