/**
 * Sets the size of the shared-memory volume (`dshm`, a memory-backed emptyDir mounted at /dev/shm)
 * in every pod spec of the config (template, leader, worker). Volumes merge by name, volumeMounts
 * by mountPath, as in KServe's strategic merge:
 * - a pod with a `dshm` volume gets `emptyDir.sizeLimit` set (other fields of the volume are kept;
 *   an emptyDir is added, memory-backed, if the volume has none);
 * - a pod without one gets `{name: dshm, emptyDir: {medium: Memory, sizeLimit}}` appended to its
 *   volumes, and container main gets `{name: dshm, mountPath: /dev/shm}` unless it already mounts
 *   something at /dev/shm.
 * The size is typed as in set-resources.ts: written as the config gives it (string or integer),
 * and left as it is when the existing value reads back as the same text.
 */
import type { Document, YAMLMap } from 'yaml';
import type { Quantity } from '../config/types';
import { ensureMap, ensureSeq, findNamed, seqAt, setScalarText, unchanged, newNode } from '../yaml/nodes';
import type { Change, Filter } from './filter';
import { mainContainer, mainPath, podTemplates, type PodTemplate } from './pod-templates';

export const DSHM_VOLUME = 'dshm';
export const DSHM_MOUNT_PATH = '/dev/shm';

export function setSharedMemory(size: Quantity): Filter {
  return ({ doc, node }) => podTemplates(node).flatMap((pod) => setPodSharedMemory(doc, pod, size));
}

function setPodSharedMemory(doc: Document, pod: PodTemplate, size: Quantity): Change[] {
  const volumePath = `${pod.path}.volumes[name=${DSHM_VOLUME}]`;
  const existing = seqAt(pod.spec, 'volumes');
  const volume = existing && findNamed(existing, DSHM_VOLUME);
  if (volume) return setSizeLimit(doc, volume, size, volumePath);

  const changes: Change[] = [];
  ensureSeq(doc, pod.spec, 'volumes').add(newNode(doc, { name: DSHM_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: size } }));
  changes.push({ path: volumePath, description: `dshm volume ${String(size)}` });
  const main = mainContainer(doc, pod.spec);
  const mounts = seqAt(main, 'volumeMounts');
  if (!(mounts && findNamed(mounts, DSHM_MOUNT_PATH, 'mountPath'))) {
    ensureSeq(doc, main, 'volumeMounts').add(newNode(doc, { name: DSHM_VOLUME, mountPath: DSHM_MOUNT_PATH }));
    changes.push({ path: `${mainPath(pod.path)}.volumeMounts[mountPath=${DSHM_MOUNT_PATH}]`, description: `dshm mount ${DSHM_MOUNT_PATH}` });
  }
  return changes;
}

function setSizeLimit(doc: Document, volume: YAMLMap, size: Quantity, volumePath: string): Change[] {
  const hadEmptyDir = volume.has('emptyDir');
  const emptyDir = ensureMap(doc, volume, 'emptyDir');
  if (!hadEmptyDir) emptyDir.set('medium', 'Memory');
  const previous = setScalarText(emptyDir, 'sizeLimit', size);
  if (previous === unchanged) return [];
  const from = typeof previous === 'string' || typeof previous === 'number' ? `${previous} -> ` : '';
  return [{ path: `${volumePath}.emptyDir.sizeLimit`, description: `dshm sizeLimit ${from}${String(size)}` }];
}
