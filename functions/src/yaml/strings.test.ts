import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import { stringsOf } from './strings';

const ROOT = join(__dirname, '../../..');

/**
 * The definition stringsOf keeps, written the slow way: yaml's visit() over every scalar, the path
 * rebuilt from the ancestry (pair keys and sequence indexes), `command`/`args` anywhere above.
 */
function reference(doc: Document): { value: string; path: string; inCommand: boolean }[] {
  const out: { value: string; path: string; inCommand: boolean }[] = [];
  visit(doc, {
    Scalar(key, node, ancestry) {
      if (typeof node.value !== 'string' || key === 'key') return;
      const chain = [...ancestry, node];
      let path = '';
      let inCommand = false;
      for (let i = 0; i < chain.length - 1; i++) {
        const [parent, child] = [chain[i], chain[i + 1]];
        if (isPair(parent) && child === parent.value) {
          const k = isScalar(parent.key) ? String(parent.key.value) : '?';
          if (k === 'command' || k === 'args') inCommand = true;
          path += path ? `.${k}` : k;
        } else if (isSeq(parent)) path += `[${parent.items.indexOf(child as never)}]`;
      }
      out.push({ value: node.value, path: path.replace(/^\[0\]\.?/, ''), inCommand });
    },
  });
  return out;
}

const asItem = (text: string) => `- ${text.replace(/\n(?=.)/g, '\n  ')}`;
const found = (doc: Document) => stringsOf(doc).map((s) => ({ value: s.node.value, path: s.path, inCommand: s.inCommand }));

describe('stringsOf', () => {
  test.each(['base/config-llm-prefill-template.yaml', 'base/config-llm-prefill-worker-data-parallel.yaml', 'base/llminferenceservice-sample.yaml'])('%s: every string, path and command flag as yaml visit() gives them', (file) => {
    const doc = parseDocument(asItem(readFileSync(join(ROOT, file), 'utf8')));
    const strings = found(doc);
    expect(strings.length).toBeGreaterThan(10);
    expect(strings).toEqual(reference(doc));
  });

  test('paths, command/args, flow style, keys, complex keys and aliases', () => {
    const doc = parseDocument(
      asItem(
        [
          'metadata: {name: a, labels: {app: b}}',
          'spec:',
          '  containers:',
          '  - name: main',
          '    command: [/bin/bash, -c, "echo ${HOME}"]',
          '    args:',
          '    - --x=$(POD_IP)',
          '    env:',
          '    - {name: A, value: "1"}',
          '    - name: B',
          '      value: &shared two',
          '    - name: C',
          '      value: *shared',
          '  ? [in, a, key]',
          '  : 3',
          '  ? {k: v}',
          '  : 4',
          '  count: 5',
          '',
        ].join('\n'),
      ),
    );
    expect(doc.errors).toEqual([]);
    const strings = found(doc);
    expect(strings).toEqual(reference(doc));
    expect(strings).toEqual([
      { value: 'a', path: 'metadata.name', inCommand: false },
      { value: 'b', path: 'metadata.labels.app', inCommand: false },
      { value: 'main', path: 'spec.containers[0].name', inCommand: false },
      { value: '/bin/bash', path: 'spec.containers[0].command[0]', inCommand: true },
      { value: '-c', path: 'spec.containers[0].command[1]', inCommand: true },
      { value: 'echo ${HOME}', path: 'spec.containers[0].command[2]', inCommand: true },
      { value: '--x=$(POD_IP)', path: 'spec.containers[0].args[0]', inCommand: true },
      { value: 'A', path: 'spec.containers[0].env[0].name', inCommand: false },
      { value: '1', path: 'spec.containers[0].env[0].value', inCommand: false },
      { value: 'B', path: 'spec.containers[0].env[1].name', inCommand: false },
      { value: 'two', path: 'spec.containers[0].env[1].value', inCommand: false },
      { value: 'C', path: 'spec.containers[0].env[2].name', inCommand: false },
      { value: 'in', path: 'spec[0]', inCommand: false },
      { value: 'a', path: 'spec[1]', inCommand: false },
      { value: 'key', path: 'spec[2]', inCommand: false },
      { value: 'v', path: 'spec.k', inCommand: false },
    ]);
  });
});
