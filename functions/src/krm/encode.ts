/**
 * ResourceList model -> text. Everything the function did not change is written back from the
 * source text as it came; changed and added items arrive already rendered (item.ts).
 */
import type { ResourceList } from './decode';
import { lineEndingOf } from './lines';
import type { Result } from './results';
import { resultsYaml } from './results-yaml';

export interface Output {
  /** Rendered replacement text for changed items, by item index. */
  replaced: ReadonlyMap<number, string>;
  /** Rendered text of new items, appended to `items`. */
  added: readonly string[];
  results: readonly Result[];
}

export function encode(list: ResourceList, out: Output): string {
  const { source } = list;
  // What this function writes (results, `items:`, added items, a missing final line break)
  // follows the input's line endings; what it copies keeps its own, byte for byte, even when the
  // input mixes them.
  const eol = lineEndingOf(source.leading + (source.entries[0]?.text ?? ''));
  const ours = (text: string) => (eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text);
  let text = source.leading;
  let wroteItems = false;
  for (const entry of source.entries) {
    // Results in the input belong to an earlier function: each run reports only its own.
    if (entry.key === 'results') continue;
    if (entry.key === 'items') {
      text += itemsText(list, out, ours, eol);
      wroteItems = true;
    } else {
      text += withNewline(entry.text, eol);
    }
  }
  if (!wroteItems) text += itemsText(list, out, ours, eol);
  if (out.results.length > 0) text += ours('results:\n' + resultsYaml(out.results));
  return text + source.trailing;
}

function itemsText(list: ResourceList, out: Output, ours: (text: string) => string, eol: string): string {
  const bodies = list.items.map((item) => out.replaced.get(item.index) ?? item.chunk.text);
  bodies.push(...out.added.map(ours));
  if (bodies.length === 0) return list.itemsHead.startsWith('items:') && /\[\]/.test(list.itemsHead) ? withNewline(list.itemsHead, eol) : ours('items: []\n');
  const head = list.itemsHead === '' || /^items:\s*\[\]/.test(list.itemsHead) ? ours('items:\n') : list.itemsHead;
  return withNewline(head, eol) + bodies.map((b) => withNewline(b, eol)).join('');
}

function withNewline(text: string, eol: string): string {
  return text.endsWith('\n') ? text : text + eol;
}
