/**
 * Aliases in an item the filters edit (`env: *common`, `volumes: *v`, `- name: *n`), read the
 * way a reader of the YAML reads them: before the filters run, every alias in the item is
 * replaced by a copy of the node it refers to (without anchors), so that the filters find,
 * merge into and edit what the alias stands for. After them, each copy that nothing changed —
 * and whose anchored node nothing changed either — is put back as the alias, so the text stays
 * as it was; a copy that was edited stays, written out in that one place. The anchored node and
 * the other aliases to it keep their value: an edit in one place never leaks into another.
 *
 * Items without aliases (nearly all) cost nothing: the snapshot notes whether there are any.
 * With aliases, the item is read as plain data first, which fails (LimitExceeded) on an alias
 * bomb.
 */
import { isAlias, isCollection, isPair, isScalar, type Alias, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LIMITS, LimitExceeded, toPlain } from '../krm/limits';
import { addToSnapshot, changedDeep, type Snapshot } from './reprint';

/** One alias replaced by a copy: where it was, and what it referred to. */
interface Expansion {
  holder: Pair | YAMLMap | YAMLSeq;
  /** In a Pair: which side. */
  side?: 'key' | 'value';
  alias: Alias;
  target: Node;
  copy: Node;
}

export interface Expanded {
  expansions: Expansion[];
}

/**
 * Replaces every alias under `root` by a copy of its target (copies are walked too, up to the
 * alias limit) and adds the copies to `snap`. Throws LimitExceeded past LIMITS.aliasCount
 * expansions (the same bound yaml puts on reading aliases).
 */
export function expandAliases(doc: Document, root: Node, snap: Snapshot): Expanded {
  const expansions: Expansion[] = [];
  if (!snap.aliases) return { expansions };
  // An alias bomb must fail before anything is copied: yaml's own bound on reading aliases
  // (the copies below are as large as the data the aliases stand for).
  toPlain(doc, root);
  const copyOf = (alias: Alias): Node | undefined => {
    const target = alias.resolve(doc);
    if (!target) return undefined; // an undefined alias: reported where the item is parsed
    if (expansions.length >= LIMITS.aliasCount) throw new LimitExceeded(`too many alias uses (${LIMITS.aliasCount} or more: an alias bomb?)`);
    const copy = target.clone() as Node;
    withoutAnchors(copy);
    return copy;
  };
  const walk = (node: unknown): void => {
    if (isPair(node)) {
      for (const side of ['key', 'value'] as const) {
        const child: unknown = node[side];
        if (isAlias(child)) {
          const copy = copyOf(child);
          if (!copy) continue;
          expansions.push({ holder: node, side, alias: child, target: child.resolve(doc) as Node, copy });
          node[side] = copy;
          walk(copy);
        } else walk(child);
      }
    } else if (isCollection(node)) {
      const items = node.items as unknown[];
      for (let i = 0; i < items.length; i++) {
        const child = items[i];
        if (isAlias(child)) {
          const copy = copyOf(child);
          if (!copy) continue;
          expansions.push({ holder: node, alias: child, target: child.resolve(doc) as Node, copy });
          items[i] = copy;
          walk(copy);
        } else walk(child);
      }
    }
  };
  walk(root);
  for (const e of expansions) addToSnapshot(snap, e.copy);
  return { expansions };
}

/**
 * Puts back each alias whose copy and target are both as they were. Repeated until nothing more
 * is put back: a copy holding a copy is unchanged only once the inner alias is back.
 */
export function restoreAliases({ expansions }: Expanded, snap: Snapshot): void {
  let pending = expansions.slice().reverse();
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    pending = pending.filter((e) => {
      if (changedDeep(e.copy, snap) || changedDeep(e.target, snap)) return true;
      if (!putBack(e)) return false;
      progress = true;
      return false;
    });
  }
}

function putBack(e: Expansion): boolean {
  if (isPair(e.holder)) {
    const side = e.side as 'key' | 'value';
    if (e.holder[side] !== e.copy) return false;
    e.holder[side] = e.alias;
    return true;
  }
  const items = e.holder.items as unknown[];
  const at = items.indexOf(e.copy);
  if (at < 0) return false;
  items[at] = e.alias;
  return true;
}

function withoutAnchors(node: unknown): void {
  if (isScalar(node) || isCollection(node)) node.anchor = undefined;
  if (isPair(node)) {
    withoutAnchors(node.key);
    withoutAnchors(node.value);
  } else if (isCollection(node)) for (const item of node.items) withoutAnchors(item);
}
