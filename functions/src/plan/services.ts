/**
 * Which LLMInferenceServices get the overlay's prefill parallelism and replicas: by default every
 * one in the input that has `spec.prefill`; `none`; or those matching a label selector.
 */
import type { LabelSelector, ServiceSelection } from '../config/types';
import type { Identity } from '../krm/identity';
import { KSERVE_GROUP } from './managed';

export const SERVICE_KIND = 'LLMInferenceService';

export function isService(id: Identity): boolean {
  return id.kind === SERVICE_KIND && (id.apiVersion?.startsWith(`${KSERVE_GROUP}/`) ?? false);
}

/** What selection needs to know of a parsed service. */
export interface ServiceFacts {
  hasPrefill: boolean;
  labels: Readonly<Record<string, string>>;
}

export function isSelected(selection: ServiceSelection, facts: ServiceFacts): boolean {
  if (!facts.hasPrefill || selection === 'none') return false;
  if (selection === 'all') return true;
  return matches(selection.selector, facts.labels);
}

/** Kubernetes label selector semantics (matchLabels AND every matchExpression). */
export function matches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = expr.values ?? [];
    const ok =
      expr.operator === 'In' ? has(expr.key) && values.includes(labels[expr.key]) :
      expr.operator === 'NotIn' ? !has(expr.key) || !values.includes(labels[expr.key]) :
      expr.operator === 'Exists' ? has(expr.key) :
      !has(expr.key);
    if (!ok) return false;
  }
  return true;
}
