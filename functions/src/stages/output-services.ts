/** Every LLMInferenceService as it goes out, for the checks across configs and services. */
import { ItemSyntaxError, parseItem, type Item } from '../krm/item';
import { LimitExceeded, toPlain } from '../krm/limits';
import { error, refOf, type Result } from '../krm/results';
import { isService } from '../plan/services';
import type { Resource } from '../validate/check-output';

export interface OutputServices {
  services: Resource[];
  /** The services that could not be read. */
  results: Result[];
}

/**
 * Patched ones from the patch stage, the rest parsed. A service that cannot be read (bad YAML,
 * beyond the limits) is an error result: the checks would be incomplete without it.
 */
export function outputServices(items: readonly Item[], patched: ReadonlyMap<number, Resource>): OutputServices {
  const services: Resource[] = [];
  const results: Result[] = [];
  for (const item of items.filter((i) => isService(i.id))) {
    const done = patched.get(item.index);
    if (done) {
      services.push(done);
      continue;
    }
    try {
      const parsed = parseItem(item.chunk);
      services.push({ ref: refOf(item.id), value: toPlain(parsed.doc, parsed.node) as Record<string, unknown> });
    } catch (e) {
      if (e instanceof ItemSyntaxError) results.push(error(`input line ${e.line}: ${e.message}`, { resourceRef: refOf(item.id) }));
      else if (e instanceof LimitExceeded) results.push(error(`input line ${item.chunk.line}: ${e.message}`, { resourceRef: refOf(item.id) }));
      else throw e;
    }
  }
  return { services, results };
}
