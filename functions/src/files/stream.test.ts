import { parse } from 'yaml';
import { documentAsItem, itemAsDocument, splitDocuments } from './stream';

const DOC = `# head
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  script: |
    line one

    line three after a blank line
      indented
  empty: ""
`;

describe('documents <-> items', () => {
  test('a document survives the trip into an item and back, blank lines in block scalars included', () => {
    const item = documentAsItem(DOC);
    // The head comment follows the dash, where kpt keeps it with this item.
    expect(item.startsWith('- # head\n  apiVersion: v1\n')).toBe(true);
    const back = itemAsDocument({ text: item, indent: 0, line: 1 });
    expect(parse(back)).toEqual(parse(DOC));
    expect((parse(back) as { data: { script: string } }).data.script).toBe('line one\n\nline three after a blank line\n  indented\n');
  });

  test('an item indented under items (wide style) comes back the same', () => {
    const wide = documentAsItem(DOC).split('\n').map((l) => (l === '' ? l : `  ${l}`)).join('\n');
    expect(parse(itemAsDocument({ text: wide, indent: 2, line: 1 }))).toEqual(parse(DOC));
  });

  test('splitDocuments drops empty documents and keeps the rest in order', () => {
    const docs = splitDocuments(`---\n# only a comment\n---\na: 1\n---\nb: 2\n...\n`);
    expect(docs.map((d) => parse(d))).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
