/**
 * RoCE (RDMA over Converged Ethernet) for the prefill pods, the way KServe's DeepSeek-R1 sample
 * sets it up:
 * - always: env KSERVE_INFER_ROCE "true" / "false" in container main of every pod spec (the
 *   script's switch for inferring NCCL_IB_HCA, NVSHMEM_* and UCX_* from the HCAs);
 * - when enabled, and only for the fields given: env NCCL_IB_GID_INDEX and NCCL_SOCKET_IFNAME
 *   (the script keeps values the pod already sets), the Multus annotation
 *   `k8s.v1.cni.cncf.io/networks` in `spec.prefill.annotations` (the workload-level annotations
 *   map; created when absent), and capability IPC_LOCK in container main's
 *   `securityContext.capabilities.add` where it is missing (RDMA pins memory), keeping `drop` and
 *   the other entries.
 * When disabled only KSERVE_INFER_ROCE is written: annotation, capability and the NCCL entries a
 * config may carry are left as they are.
 */
import type { Document, YAMLMap } from 'yaml';
import { isScalar } from 'yaml';
import type { Roce } from '../config/types';
import { ensureMap, ensureSeq, mapAt, setScalar, unchanged, newNode } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { envChange, setEnv } from './merge-env';
import { mainContainer, mainPath, podTemplates } from './pod-templates';

export const MULTUS_NETWORKS = 'k8s.v1.cni.cncf.io/networks';
const IPC_LOCK = 'IPC_LOCK';

export function setRoce(roce: Roce): Filter {
  const env: [string, string][] = [['KSERVE_INFER_ROCE', roce.enabled ? 'true' : 'false']];
  if (roce.enabled && roce.gidIndex !== undefined) env.push(['NCCL_IB_GID_INDEX', String(roce.gidIndex)]);
  if (roce.enabled && roce.socketIfname !== undefined) env.push(['NCCL_SOCKET_IFNAME', roce.socketIfname]);
  return ({ doc, node }) => {
    const changes: Change[] = [];
    for (const pod of podTemplates(node)) {
      const main = mainContainer(doc, pod.spec);
      for (const [name, value] of env) {
        if (setEnv(doc, main, name, value)) changes.push(envChange(pod.path, name));
      }
      if (roce.enabled && addCapability(doc, main, IPC_LOCK)) {
        changes.push({ path: `${mainPath(pod.path)}.securityContext.capabilities.add`, description: `capability ${IPC_LOCK}` });
      }
    }
    const spec = mapAt(node, 'spec');
    const prefill = spec && mapAt(spec, 'prefill');
    if (roce.enabled && roce.networks !== undefined && prefill) {
      if (setScalar(ensureMap(doc, prefill, 'annotations'), MULTUS_NETWORKS, roce.networks) !== unchanged) {
        changes.push({ path: `spec.prefill.annotations.${MULTUS_NETWORKS}`, description: `annotation ${MULTUS_NETWORKS}=${roce.networks}` });
      }
    }
    return changes;
  };
}

/**
 * Adds a capability to the container's securityContext.capabilities.add (created as needed);
 * true when it was missing. `CAP_IPC_LOCK`, which runtimes accept too, counts as present.
 */
function addCapability(doc: Document, container: YAMLMap, capability: string): boolean {
  const capabilities = ensureMap(doc, ensureMap(doc, container, 'securityContext'), 'capabilities');
  const add = ensureSeq(doc, capabilities, 'add');
  if (add.items.some((item) => isScalar(item) && (item.value === capability || item.value === `CAP_${capability}`))) return false;
  add.add(newNode(doc, capability));
  return true;
}
