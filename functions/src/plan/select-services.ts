/**
 * Stage "select services": parses the LLMInferenceServices of the input (only when the overlay
 * sets parallelism or replicas) and picks those that take them. Checks KServe's CEL rule that
 * `replicas` and `scaling` exclude each other.
 */
import { isMap, type YAMLMap } from 'yaml';
import type { PrefillOverlaySpec } from '../config/types';
import { ItemSyntaxError, parseItem, type Item, type ParsedItem } from '../krm/item';
import { error, refOf, warning, type Result } from '../krm/results';
import { LimitExceeded } from '../krm/limits';
import { deltaNames } from '../layer/delta-names';
import { KSERVE_DEFAULTS } from './managed';
import { shapeDeciderFor, type ServiceShape, type ShapeDecider } from './service-shape';
import { isSelected, isService } from './services';
import { shapeView } from './shape-view';

export interface SelectedService {
  item: Item;
  parsed: ParsedItem;
  /**
   * The shape KServe gives it, with the input's baseRefs merged over it; only when the overlay
   * sets parallelism (plan/shape-findings.ts), and not for a service beyond the limits (the
   * patch stage reports that).
   */
  shape?: ServiceShape;
}

export interface ServiceSelection {
  selected: SelectedService[];
  results: Result[];
}

export function selectServices(items: readonly Item[], spec: PrefillOverlaySpec): ServiceSelection {
  const selected: SelectedService[] = [];
  const results: Result[] = [];
  // Layer mode points every selected service at a delta, with or without parallelism.
  if (spec.mode !== 'layer' && spec.parallelism === undefined && spec.replicas === undefined) return { selected, results };
  const selection = spec.services ?? 'all';
  const services = items.filter((item) => isService(item.id));
  const decide = shapeDeciderFor(items, { ...KSERVE_DEFAULTS, ...spec.kserve }, spec.mode === 'layer' ? deltaNames(spec.overlay) : undefined);
  for (const item of services) {
    let parsed: ParsedItem;
    try {
      parsed = parseItem(item.chunk);
    } catch (e) {
      if (!(e instanceof ItemSyntaxError)) throw e;
      results.push(error(`input line ${e.line}: ${e.message}`, { resourceRef: refOf(item.id) }));
      continue;
    }
    const prefill = parsed.node.getIn(['spec', 'prefill'], true);
    const labels = parsed.node.getIn(['metadata', 'labels'], true);
    const facts = {
      hasPrefill: isMap(prefill),
      labels: isMap(labels) ? (labels.toJSON() as Record<string, string>) : {},
    };
    if (!isSelected(selection, facts)) continue;
    if (spec.replicas !== undefined && (prefill as YAMLMap).has('scaling')) {
      results.push(
        error('replicas and scaling are mutually exclusive (KServe rejects the service): remove spec.replicas from the overlay or spec.prefill.scaling from the service', {
          resourceRef: refOf(item.id),
          field: { path: 'spec.prefill.replicas' },
        }),
      );
      continue;
    }
    selected.push({ item, parsed, ...(spec.parallelism !== undefined ? shapeOf(parsed, decide) : {}) });
  }
  if (typeof selection === 'object' && services.length > 0 && selected.length === 0 && results.length === 0) {
    const instead = spec.mode === 'layer' ? 'no delta config is emitted' : 'parallelism and replicas go to the data-parallel config';
    results.push(warning(`services.selector matched no LLMInferenceService with spec.prefill: ${instead}`));
  }
  return { selected, results };
}

function shapeOf(parsed: ParsedItem, decide: ShapeDecider): { shape?: ServiceShape } {
  try {
    return { shape: decide(shapeView(parsed.doc, parsed.node)) };
  } catch (e) {
    if (e instanceof LimitExceeded) return {};
    throw e;
  }
}
