/**
 * Test support for filters (used by *.test.ts only): runs filters over a config the way the
 * pipeline does (parse, snapshot, filter, reprint) and lists every path whose value changed, so
 * that a test can say both where a setting lands and that it lands nowhere else.
 */
import { parse } from 'yaml';
import { parseItem, renderItem } from '../krm/item';
import { documentAsItem, itemAsDocument } from '../files/stream';
import { snapshot } from '../yaml/reprint';
import { TargetError } from './pod-templates';
import { runFilters } from './run-filters';
import type { Change, Filter, Target } from './filter';

export interface Applied {
  changes: Change[];
  /** The item's text after the change (minimal reprint), as a plain document. */
  text: string;
  before: unknown;
  after: unknown;
  /** Paths (a.b[0].c) whose value differs between before and after, sorted. */
  changedPaths: string[];
}

/** Applies filters to one resource given as a plain YAML document. */
export function applyFilters(document: string, filters: readonly Filter[], role: Target['role']): Applied {
  const chunk = { text: documentAsItem(document), indent: 0, line: 1 };
  const parsed = parseItem(chunk);
  const snap = snapshot(parsed.doc);
  const applied = runFilters(parsed, snap, filters, role);
  if ('problem' in applied) throw new TargetError(applied.problem.message, applied.problem.path ?? '', applied.problem.offset);
  const { changes } = applied;
  const rendered = changes.length > 0 ? renderItem(parsed, chunk, snap) : chunk.text;
  const text = itemAsDocument({ ...chunk, text: rendered });
  const before = parse(document) as unknown;
  const after = parse(text) as unknown;
  return { changes, text, before, after, changedPaths: diffPaths(before, after) };
}

/** Leaf paths that differ; a collection present on one side only counts by its leaves. */
export function diffPaths(a: unknown, b: unknown, path = ''): string[] {
  if (a === b) return [];
  if (a === undefined && (Array.isArray(b) || isObject(b))) a = Array.isArray(b) ? [] : {};
  if (b === undefined && (Array.isArray(a) || isObject(a))) b = Array.isArray(a) ? [] : {};
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diffPaths(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffPaths(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [path];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A small template config: one pod, container main plus a sidecar and an init container. */
export const TEMPLATE_CONFIG = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata:
  name: kserve-config-llm-prefill-template
  namespace: kserve
spec:
  prefill:
    annotations:
      serving.kserve.io/model-based-routing-enabled: "true"
    template:
      initContainers:
        - name: init
          image: busybox
      containers:
        - name: main
          image: ghcr.io/llm-d/llm-d-cuda:v0.8.0
          env:
            - name: HOME
              value: /home
          securityContext:
            capabilities:
              drop:
                - ALL
          volumeMounts:
            - mountPath: /dev/shm
              name: dshm
        - name: sidecar
          image: example.com/sidecar:v1
      terminationGracePeriodSeconds: 60
      volumes:
        - name: dshm
          emptyDir:
            medium: Memory
            sizeLimit: 1Gi
`;

/** A small data-parallel config: leader (template) and worker pods. */
export const DP_CONFIG = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata:
  name: kserve-config-llm-prefill-worker-data-parallel
  namespace: kserve
spec:
  prefill:
    template:
      containers:
        - name: main
          image: ghcr.io/llm-d/llm-d-cuda:v0.8.0
          securityContext:
            capabilities:
              add:
                - IPC_LOCK
              drop:
                - ALL
      volumes:
        - name: dshm
          emptyDir:
            medium: Memory
            sizeLimit: 8Gi
    worker:
      containers:
        - name: main
          image: ghcr.io/llm-d/llm-d-cuda:v0.8.0
      volumes:
        - name: dshm
          emptyDir:
            medium: Memory
            sizeLimit: 8Gi
`;
