/**
 * engine flux, beyond the managed resources. Flux's post-build substitution runs over every
 * resource of the Kustomization, not only over the ones this function manages: an unmanaged
 * ConfigMap with `${#ARR[@]}` fails the whole Kustomization, a plain `${FOO}` in one is blanked.
 * - `flux.scope: all`: every other resource that carries such text is escaped or protected the
 *   same way as the managed ones;
 * - `flux.scope: managed` (default): each such resource is a warning that names it and says what
 *   to do.
 * And the contract of escaped output: it is only right when Flux does substitute. Without any
 * variable, Flux skips substitution (substituteStrategy WithVariables, the default), and `$${X}`
 * would reach bash as it is; the result says so.
 */
import type { Pipeline } from '../config/types';
import { ItemSyntaxError, parseItem, renderItem, type Item, type ParsedItem } from '../krm/item';
import { info, refOf, warning, type Result } from '../krm/results';
import { escapeForFlux } from '../variables/flux-escape';
import { stringsOf } from '../yaml/strings';
import { snapshot } from '../yaml/reprint';
import { escapeForFluxFilter, FLUX_SUBSTITUTE, isEscaped, protectFromFlux, unescapeFromFlux } from './flux';

export interface FluxScopeOutcome {
  /** Item index -> its new text. */
  replaced: Map<number, string>;
  results: Result[];
}

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

export const SUBSTITUTE_STRATEGY_NOTICE =
  'escaped for Flux: the Flux Kustomization must substitute, so set spec.postBuild.substituteStrategy: Always (kustomize-controller v1.9+) ' +
  '(or give it a variable that is always present): without any variable Flux skips substitution and the escaped $${...} reach bash as they are';

/** `handled`: indexes of the items the other stages patch (managed configs, selected services). */
export function fluxBeyondManaged(items: readonly Item[], handled: ReadonlySet<number>, pipeline: Pipeline | undefined, deferred: ReadonlySet<string>): FluxScopeOutcome {
  const outcome: FluxScopeOutcome = { replaced: new Map(), results: [] };
  if (pipeline?.engine !== 'flux') return outcome;
  const escape = pipeline.flux?.substitution === 'escape';
  if (escape) outcome.results.push(info(SUBSTITUTE_STRATEGY_NOTICE));
  const all = pipeline.flux?.scope === 'all';
  for (const item of items) {
    if (handled.has(item.index) || !mayNeedFlux(item.chunk.text)) continue;
    const ref = refOf(item.id);
    let parsed: ParsedItem;
    try {
      parsed = parseItem(item.chunk);
    } catch (e) {
      if (e instanceof ItemSyntaxError) continue; // reported by the stages that read it
      throw e;
    }
    const { doc, node } = parsed;
    if (node.getIn(['metadata', 'annotations', LOCAL_CONFIG]) === 'true') continue; // never deployed
    if (node.getIn(['metadata', 'annotations', FLUX_SUBSTITUTE]) === 'disabled' || node.getIn(['metadata', 'labels', FLUX_SUBSTITUTE]) === 'disabled') continue;
    if (!all) {
      const exposed = stringsOf(doc).find((s) => escapeForFlux(s.node.value, deferred) !== s.node.value);
      if (exposed && !isEscaped(node)) {
        outcome.results.push(
          warning(
            `not managed by this function, but Flux's post-build substitution would change or reject its text (${exposed.path}): set spec.pipeline.flux.scope: all to ${escape ? 'escape' : 'protect'} it too, or annotate it ${FLUX_SUBSTITUTE}: disabled`,
            ref ? { resourceRef: ref, field: { path: exposed.path } } : {},
          ),
        );
      }
      continue;
    }
    const before = snapshot(doc);
    if (escape && isEscaped(node)) unescapeFromFlux(doc);
    const filter = escape ? escapeForFluxFilter(deferred) : protectFromFlux();
    // The Flux filters read no role: any will do for a resource that has none.
    const changes = filter({ doc, node, role: 'service', before });
    if (changes.length === 0) continue;
    outcome.replaced.set(item.index, renderItem(parsed, item.chunk, before));
    outcome.results.push(info(`not managed by this function: ${escape ? 'escaped for' : 'protected from'} Flux's post-build substitution (flux.scope: all)`, ref ? { resourceRef: ref } : {}));
  }
  return outcome;
}

/** Cheap test before parsing: Flux changes or rejects only text with `${` or `$$`. */
function mayNeedFlux(text: string): boolean {
  return text.includes('${') || text.includes('$$');
}
