/** kpt/KRM function results (config.kubernetes.io/v1 ResourceList `results`). */
import type { Identity } from './identity';

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Result {
  message: string;
  /** Always set: the spec's default is "error". */
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: { path: string; currentValue?: unknown; proposedValue?: unknown };
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}

/** A resourceRef for an item, or undefined when it lacks the fields a reference needs. */
export function refOf(id: Identity): ResourceRef | undefined {
  if (!id.apiVersion || !id.kind || !id.name) return undefined;
  const ref: ResourceRef = { apiVersion: id.apiVersion, kind: id.kind, name: id.name };
  if (id.namespace) ref.namespace = id.namespace;
  return ref;
}

/** "kind/namespace/name" for messages. */
export function describe(id: Identity): string {
  return [id.kind ?? '?', id.namespace, id.name ?? '?'].filter(Boolean).join('/');
}

export function hasErrors(results: readonly Result[]): boolean {
  return results.some((r) => r.severity === 'error');
}

export function error(message: string, extra: Partial<Result> = {}): Result {
  return { message, severity: 'error', ...extra };
}

export function warning(message: string, extra: Partial<Result> = {}): Result {
  return { message, severity: 'warning', ...extra };
}

export function info(message: string, extra: Partial<Result> = {}): Result {
  return { message, severity: 'info', ...extra };
}
