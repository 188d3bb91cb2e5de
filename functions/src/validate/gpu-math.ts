/**
 * What KServe does not check and a user finds out on the GPUs: the parallelism must add up to the
 * GPUs each pod requests, the pods per replica must be whole, and the pods must have what the
 * parallelism needs (RDMA for RoCE, shared memory for NCCL). Also image tags and GPU requests.
 */
import type { Finding } from './admission';
import { num, obj } from './merged-view';
import { GiB, parseQuantity } from './quantity';

type Obj = Record<string, unknown>;

export interface Pod {
  /** template | worker */
  role: string;
  spec: Obj;
}

export function prefillPods(spec: Obj): Pod[] {
  const prefill = obj(spec.prefill);
  if (!prefill) return [];
  return (['template', 'worker'] as const).filter((r) => obj(prefill[r])).map((role) => ({ role, spec: obj(prefill[role]) as Obj }));
}

/** What vLLM is started with: the parallelism its rendered flags carry (KServe renders them from the service's own spec). */
export interface VllmParallelism {
  tensor: number;
  dataLocal: number;
}

export interface GpuMathOptions {
  /**
   * A config checked without a service. Its parallelism may come from the service later, so the
   * GPU count is only compared when the config itself sets parallelism.
   */
  alone?: boolean;
  /** The pods run the template config: one pod per replica, no data parallelism whatever the spec says. */
  singlePod?: boolean;
  /** What the vLLM line renders; by default the spec's own parallelism. */
  vllm?: VllmParallelism;
}

export function gpuMath(spec: Obj, gpuResource: string, options: GpuMathOptions | boolean = {}): Finding[] {
  const { alone = false, singlePod = false, vllm } = typeof options === 'boolean' ? { alone: options } : options;
  const findings: Finding[] = [];
  const prefill = obj(spec.prefill) ?? {};
  const p = obj(prefill.parallelism);
  const data = num(p?.data);
  const dataLocal = num(p?.dataLocal);
  const dataParallel = !singlePod && data > 0 && dataLocal > 0;
  if (dataParallel && data % dataLocal !== 0) {
    findings.push({ severity: 'error', path: 'spec.prefill.parallelism.data', message: `data (${data}) is not a multiple of dataLocal (${dataLocal}): a replica would need ${data / dataLocal} pods` });
  }
  const tensor = vllm ? vllm.tensor : num(p?.tensor) || 1;
  const local = singlePod ? 1 : vllm ? vllm.dataLocal : dataParallel ? dataLocal : 1;
  const expected = tensor * local;
  for (const pod of prefillPods(spec)) {
    const at = `spec.prefill.${pod.role}.containers[name=main]`;
    const main = (Array.isArray(pod.spec.containers) ? pod.spec.containers : []).map(obj).find((c) => c?.name === 'main');
    if (!main) continue;
    const resources = obj(main.resources) ?? {};
    const limits = obj(resources.limits) ?? {};
    const requests = obj(resources.requests) ?? {};
    const gpus = parseQuantity(limits[gpuResource] ?? requests[gpuResource]);
    const where = (kind: 'limits' | 'requests') => ({ pod: pod.role, list: 'containers' as const, name: 'main', field: ['resources', kind, gpuResource] });
    if (limits[gpuResource] !== undefined && requests[gpuResource] !== undefined && parseQuantity(limits[gpuResource]) !== parseQuantity(requests[gpuResource])) {
      findings.push({ severity: 'error', path: `${at}.resources.requests.${gpuResource}`, at: where('requests'), message: `GPU requests (${String(requests[gpuResource])}) differ from limits (${String(limits[gpuResource])}): Kubernetes requires them equal for ${gpuResource}` });
    }
    // No GPUs at all is a CPU pod (vLLM's CPU build): nothing to add up.
    if (gpus !== undefined && gpus > 0 && gpus !== expected && (p !== undefined || vllm !== undefined || !alone)) {
      findings.push({
        severity: 'error',
        path: `${at}.resources.${limits[gpuResource] !== undefined ? 'limits' : 'requests'}.${gpuResource}`,
        at: where(limits[gpuResource] !== undefined ? 'limits' : 'requests'),
        message:
          `the pod requests ${gpus} GPU(s) but vLLM runs tensor (${tensor}) × dataLocal (${local}) = ${expected}${singlePod ? ' (one pod from the template config)' : ''}: ` +
          `it would ${gpus > expected ? `leave ${gpus - expected} GPU(s) idle` : 'not find the GPUs it needs'}; make the PrefillOverlay's spec.resources.gpus ${expected}, or spec.parallelism.tensor${singlePod ? '' : ' × dataLocal'} ${gpus}`,
      });
    }
    findings.push(...podNeeds(main, pod, at, gpus ?? 0));
  }
  if (dataParallel && data % dataLocal === 0) {
    const pods = data / dataLocal;
    findings.push({ severity: 'info', path: 'spec.prefill.parallelism', message: `data ${data} / dataLocal ${dataLocal}: ${pods} pod(s) per prefill replica (1 leader, ${pods - 1} worker(s)), ${expected} GPU(s) per pod, ${pods * expected} per replica` });
  }
  return findings;
}

/** RoCE needs an RDMA device; NCCL needs shared memory; an image needs a pinned tag. */
function podNeeds(main: Obj, pod: Pod, at: string, gpus: number): Finding[] {
  const findings: Finding[] = [];
  const env = (Array.isArray(main.env) ? main.env : []).map(obj);
  const roce = env.find((e) => e?.name === 'KSERVE_INFER_ROCE')?.value === 'true';
  const resources = obj(main.resources) ?? {};
  const names = [...Object.keys(obj(resources.limits) ?? {}), ...Object.keys(obj(resources.requests) ?? {})];
  if (roce && !names.some((n) => /rdma|roce|infiniband|hca/i.test(n))) {
    findings.push({ severity: 'warning', path: `${at}.resources`, at: { pod: pod.role, list: 'containers', name: 'main', field: ['env'] }, message: 'RoCE is on (KSERVE_INFER_ROCE=true) but the pod requests no RDMA device: NCCL will fall back to TCP' });
  }
  const image = typeof main.image === 'string' ? main.image : '';
  const tag = /@sha256:/.test(image) ? 'digest' : /:[^/]+$/.exec(image)?.[0].slice(1);
  if (image && !image.includes('{{') && !image.includes('${') && (tag === undefined || tag === 'latest')) {
    findings.push({ severity: 'warning', path: `${at}.image`, at: { pod: pod.role, list: 'containers', name: 'main', field: ['image'] }, message: `image ${image} has ${tag === 'latest' ? 'the tag latest' : 'no tag'}: pin a version, or every pod restart may run another one` });
  }
  const dshm = (Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []).map(obj).find((v) => v?.name === 'dshm');
  const size = parseQuantity(obj(dshm?.emptyDir)?.sizeLimit);
  const needed = Math.max(1, gpus) * GiB;
  if (size !== undefined && gpus > 0 && size < needed) {
    const i = (Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []).findIndex((v) => obj(v)?.name === 'dshm');
    findings.push({ severity: 'warning', path: `spec.prefill.${pod.role}.volumes[${i}].emptyDir.sizeLimit`, at: { pod: pod.role, list: 'volumes', name: 'dshm', field: ['emptyDir', 'sizeLimit'] }, message: `shared memory (dshm) is ${String(obj(dshm?.emptyDir)?.sizeLimit)} for ${gpus} GPU(s): give at least 1Gi per GPU (NCCL and vLLM's workers exchange data through /dev/shm)` });
  }
  return findings;
}
