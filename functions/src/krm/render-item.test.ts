/**
 * renderItem must give back what the filters meant, as YAML the line scanner reads again. The
 * cases here were found by the property tests (test/property/): yaml/reprint.ts' minimal reprint
 * did not read back for them (it does now, see the second block); renderItem still reads back
 * every reprint with a risky edit and prints the item whole when it does not.
 */
import { parseDocument } from 'yaml';
import { runFunction } from '../pipeline';
import { snapshot, reprint } from '../yaml/reprint';
import { decode } from './decode';
import { parseItem } from './item';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const config = (spec: string) => `functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: dev, image: "x:v2", configs: [template], ifMissing: ignore${spec}}\n`;
const TEMPLATE = '- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceServiceConfig\n  metadata:\n    name: kserve-config-llm-prefill-template\n    namespace: kserve\n';

/** A pod spec in flow style over several lines: a string over 40 characters with a line break makes yaml print it so. */
const MULTI_LINE_FLOW =
  TEMPLATE +
  '  spec:\n    prefill:\n      template: {\n          containers: [\n            { name: main, image: a,\n              command: ["a script line that is longer than forty characters\\nand a second line"] }\n          ]\n        }\n';

/** A container whose last field ends in comment lines, then a pod-level key. */
const TRAILING_COMMENTS =
  TEMPLATE +
  '  spec:\n    prefill:\n      template:\n        containers:\n        - name: main\n          image: a\n          volumeMounts:\n          - name: x\n            mountPath: /x\n            # note a\n          # note b\n        terminationGracePeriodSeconds: 60\n';

/** The item's root in flow style over several lines, with a head comment on the `- ` line. */
const FLOW_ROOT_WITH_HEAD_COMMENT =
  '- # head comment of the config\n  {\n    apiVersion: serving.kserve.io/v1alpha2, kind: LLMInferenceServiceConfig,\n    metadata: {name: kserve-config-llm-prefill-template, namespace: kserve},\n    spec: {prefill: {template: {containers: [{name: main, image: a, command: ["a script line that is longer than forty characters\\nand a second line"]}]}}}\n  }\n';

function expectGood(input: string) {
  const out = runFunction(input);
  expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
  expect(parseDocument(out.text).errors).toEqual([]);
  const items = decode(out.text).items;
  const at = items.findIndex((i) => i.id.name === 'kserve-config-llm-prefill-template');
  const item = items[at];
  const value = parseItem(item.chunk).node.toJSON() as Record<string, any>;
  expect(value.metadata.labels).toEqual({ 'llm-prefill.dev/overlay': 'dev' });
  expect(value.spec.prefill.template.containers[0].image).toBe('x:v2');
  // A second run changes nothing.
  expect(decode(runFunction(out.text).text).items[at].chunk.text).toBe(item.chunk.text);
  return { out, value, text: item.chunk.text };
}

describe('renderItem: the reprint must read back, else the item is printed whole', () => {
  test('a changed flow collection over several lines', () => {
    const { value } = expectGood(HEAD + MULTI_LINE_FLOW + config(''));
    expect(value.spec.prefill.template.containers[0].command).toEqual(['a script line that is longer than forty characters\nand a second line']);
  });

  test('a new key in a container whose last field ends in comment lines', () => {
    const { value, text } = expectGood(HEAD + TRAILING_COMMENTS + config(', resources: {gpus: 1}'));
    expect(value.spec.prefill.template.containers[0].resources).toEqual({ requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } });
    expect(value.spec.prefill.template.terminationGracePeriodSeconds).toBe(60);
    for (const comment of ['# note a', '# note b']) expect(text).toContain(comment);
  });

  test('printed whole: the head comment stays after the `- ` (before it, it would end the item above)', () => {
    const before = '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: before}\n';
    const { out, text } = expectGood(HEAD + before + FLOW_ROOT_WITH_HEAD_COMMENT + config(''));
    expect(text.startsWith('- # head comment of the config\n')).toBe(true);
    expect(decode(out.text).items[0].chunk.text).toBe(before);
  });
});

// What yaml/reprint.ts itself prints for these edits, both once broken and fixed there: a flow
// collection printed over several lines has its continuation lines at the collection's column
// (they were at column 0, which ended the item); a new pair goes after the last item's content,
// before trailing comments. The multi-line flow edit is still reported as a risk, so renderItem
// reads the item back.
describe('yaml/reprint.ts on its own', () => {
  function reprinted(text: string, edit: (node: any, doc: any) => void): string {
    const item = decode(HEAD + text).items[0];
    const parsed = parseItem(item.chunk);
    const before = snapshot(parsed.doc);
    edit(parsed.node, parsed.doc);
    return reprint(item.chunk.text, parsed.doc, before, { indentSeq: false });
  }

  test('a multi-line flow collection it prints again is YAML, deeper than its key, and only it changed (yaml/reprint.ts Printer.flow)', () => {
    const text = reprinted(MULTI_LINE_FLOW, (node) => node.getIn(['spec', 'prefill', 'template', 'containers', 0], true).set('image', 'x:v2'));
    expect(parseDocument(text).errors).toEqual([]);
    const template = parseItem({ text, indent: 0, line: 1 }).node.getIn(['spec', 'prefill', 'template']) as { toJSON(): unknown };
    expect(template.toJSON()).toEqual({ containers: [{ name: 'main', image: 'x:v2', command: ['a script line that is longer than forty characters\nand a second line'] }] });
    const head = MULTI_LINE_FLOW.slice(0, MULTI_LINE_FLOW.indexOf('{'));
    expect(text.startsWith(head)).toBe(true);
    for (const line of text.slice(head.length).split('\n').slice(1)) expect(line === '' || line.startsWith(' '.repeat('      template: '.length))).toBe(true);
  });

  test('a new key after comment lines goes into its own collection, before the comments (yaml/reprint.ts Printer.blockCollection)', () => {
    const text = reprinted(TRAILING_COMMENTS, (node, doc) => node.getIn(['spec', 'prefill', 'template', 'containers', 0], true).set('resources', doc.createNode({ limits: { a: '1' } })));
    expect(parseDocument(text).errors).toEqual([]);
    const container = parseItem({ text, indent: 0, line: 1 }).node.getIn(['spec', 'prefill', 'template', 'containers', 0]) as { toJSON(): unknown };
    expect(container.toJSON()).toEqual({ name: 'main', image: 'a', volumeMounts: [{ name: 'x', mountPath: '/x' }], resources: { limits: { a: '1' } } });
    expect(text).toContain('            mountPath: /x\n          resources:\n            limits:\n              a: "1"\n            # note a\n          # note b\n');
  });
});

describe('an item printed whole keeps the source text of every scalar nobody changed (issue 12)', () => {
  // The multi-line flow pod spec is printed whole; its volumes hold scalars whose text yaml
  // would print differently from the value.
  const input = HEAD + MULTI_LINE_FLOW.replace(
    '          ]\n',
    '          ],\n          volumes: [{name: cfg, configMap: {name: yes, defaultMode: 0400, ratio: 1.0, none: ~, mode: !!str 0644, hex: 0x1F, q: "caf\\u00e9", s: \'it\'\'s\'}}]\n',
  ) + config('');

  test('0400, yes, 1.0, ~, !!str 0644, 0x1F and quoted text come out as written', () => {
    const { text } = expectGood(input);
    for (const written of ['name: yes', 'defaultMode: 0400', 'ratio: 1.0', 'none: ~', 'mode: !!str 0644', 'hex: 0x1F', 'q: "caf\\u00e9"', "s: 'it''s'"]) expect(text).toContain(written);
  });
});
