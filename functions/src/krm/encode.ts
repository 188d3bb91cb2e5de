/**
 * ResourceList model -> text. Everything the function did not change is written back from the
 * source text as it came; changed and added items arrive already rendered (item.ts).
 */
import { stringify } from 'yaml';
import type { ResourceList } from './decode';
import { lineEndingOf } from './lines';
import type { Result } from './results';

export interface Output {
  /** Rendered replacement text for changed items, by item index. */
  replaced: ReadonlyMap<number, string>;
  /** Rendered text of new items, appended to `items`. */
  added: readonly string[];
  results: readonly Result[];
}

export function encode(list: ResourceList, out: Output): string {
  const { source } = list;
  let text = source.leading;
  let wroteItems = false;
  for (const entry of source.entries) {
    // Results in the input belong to an earlier function: each run reports only its own.
    if (entry.key === 'results') continue;
    if (entry.key === 'items') {
      text += itemsText(list, out);
      wroteItems = true;
    } else {
      text += withNewline(entry.text);
    }
  }
  if (!wroteItems) text += itemsText(list, out);
  // No anchors: results share objects (one resourceRef for many findings), and kpt rejects aliases.
  if (out.results.length > 0) text += 'results:\n' + stringify(out.results, { lineWidth: 0, aliasDuplicateObjects: false });
  text += source.trailing;
  return lineEndingOf(source.leading + (source.entries[0]?.text ?? '')) === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
}

function itemsText(list: ResourceList, out: Output): string {
  const bodies = list.items.map((item) => out.replaced.get(item.index) ?? item.chunk.text);
  bodies.push(...out.added);
  if (bodies.length === 0) return list.itemsHead.startsWith('items:') && /\[\]/.test(list.itemsHead) ? withNewline(list.itemsHead) : 'items: []\n';
  const head = list.itemsHead === '' || /^items:\s*\[\]/.test(list.itemsHead) ? 'items:\n' : list.itemsHead;
  return withNewline(head) + bodies.map(withNewline).join('');
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}
