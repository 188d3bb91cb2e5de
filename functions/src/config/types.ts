/**
 * The functionConfig, typed. The JSON Schema (prefill-overlay.schema.json) is the source of truth
 * and is checked before any of these types is trusted; docs/config-reference.md explains each field.
 */

export const API_VERSION = 'fn.llm-prefill.dev/v1alpha1';
export const KIND = 'PrefillOverlay';
/** Label stamped on every managed config. */
export const OVERLAY_LABEL = 'llm-prefill.dev/overlay';

export type ConfigRole = 'template' | 'dataParallel';
/** A Kubernetes quantity as written in the config (64, "500m", "256Gi"). */
export type Quantity = string | number;
/** One quantity for requests and limits, or each on its own. */
export type RequestsLimits = Quantity | { requests?: Quantity; limits?: Quantity };
export type EnvValue = string | { valueFrom: Record<string, unknown> };

export interface Resources {
  gpus?: number;
  /** Default nvidia.com/gpu. */
  gpuResource?: string;
  cpu?: RequestsLimits;
  memory?: RequestsLimits;
  ephemeralStorage?: RequestsLimits;
  rdma?: { resource: string; count?: number };
}

export interface Roce {
  enabled: boolean;
  gidIndex?: number;
  socketIfname?: string;
  networks?: string;
}

export interface Scheduling {
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, unknown>[];
  affinity?: Record<string, unknown>;
  priorityClassName?: string;
  serviceAccountName?: string;
}

export interface Parallelism {
  data?: number;
  dataLocal?: number;
  tensor?: number;
  expert?: boolean;
  dataRPCPort?: number;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export type ServiceSelection = 'all' | 'none' | { selector: LabelSelector };

export interface VariableSpec {
  value?: string;
  env?: string;
  default?: string;
  required?: boolean;
  deferToFlux?: boolean;
}

export type Engine = 'none' | 'argocd' | 'flux';

export interface Pipeline {
  engine?: Engine;
  variables?: Record<string, VariableSpec>;
  variablesFrom?: { configMap: string; optional?: boolean }[];
  argocd?: { configSyncWave?: string };
  flux?: { substitution?: 'protect' | 'escape'; scope?: 'managed' | 'all' };
}

/** A KServe controller release (kserve/releases.ts has what each provides). */
export type KServeRelease = 'v0.17.0' | 'v0.17.1' | 'v0.18.0' | 'v0.18.1' | 'v0.19.0' | 'v0.20.0';

export interface PrefillOverlaySpec {
  overlay: string;
  /** patch (default): edit the well-known configs; layer: delta configs through spec.baseRefs. */
  mode?: 'patch' | 'layer';
  kserve?: { namespace?: string; configPrefix?: string; version?: KServeRelease };
  configs?: ConfigRole[];
  ifMissing?: 'add' | 'error' | 'ignore';
  image?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  env?: Record<string, EnvValue>;
  vllmArgs?: string[];
  resources?: Resources;
  sharedMemory?: Quantity;
  roce?: Roce;
  scheduling?: Scheduling;
  terminationGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  parallelism?: Parallelism;
  replicas?: number;
  services?: ServiceSelection;
  pipeline?: Pipeline;
}

export interface PrefillOverlay {
  apiVersion: typeof API_VERSION;
  kind: typeof KIND;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PrefillOverlaySpec;
}
