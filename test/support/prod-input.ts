/**
 * The ResourceList a typical kpt run sends: the two base prefill configs and the sample service as
 * items, overlays/prod's PrefillOverlay as the functionConfig (for end-to-end tests of the built
 * function that need a real, successful run).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './tools';

/** `text` with its first line prefixed by `first` and every other non-empty line by `rest`. */
const indent = (text: string, first: string, rest: string): string =>
  text
    .trimEnd()
    .split('\n')
    .map((l, i) => (l === '' ? l : (i === 0 ? first : rest) + l))
    .join('\n') + '\n';

export const PROD_INPUT =
  'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' +
  ['config-llm-prefill-template.yaml', 'config-llm-prefill-worker-data-parallel.yaml', 'llminferenceservice-sample.yaml']
    .map((f) => indent(readFileSync(join(ROOT, 'base', f), 'utf8'), '- ', '  '))
    .join('') +
  'functionConfig:\n' +
  indent(readFileSync(join(ROOT, 'overlays/prod/prefill-overlay.yaml'), 'utf8'), '  ', '  ');
