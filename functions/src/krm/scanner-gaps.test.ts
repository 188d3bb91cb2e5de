/**
 * Valid YAML that the line scanner (scan.ts) once split differently from yaml (found while
 * building the catalog of bad inputs, issue 6; read like yaml since issue 12).
 *
 * A flow collection in block context may close at the column of its parent (YAML's
 * flow-in-block rule needs only n+1 columns, where n is -1 for a compact sequence under a
 * column-0 key): yaml accepts both inputs below, and so does kpt (`kpt fn eval -` passes them,
 * seen with kpt 1.0.0-beta.56). yaml itself prints an item that way when it writes a
 * ResourceList with a multi-line flow item.
 *
 * scan.ts: a line at or left of the items' column (or at column 0 in a top-level entry) that
 * holds only flow closers (`]`, `}`, commas, a comment) continues the current chunk when it
 * closes a flow collection opened there (brackets counted outside quotes and comments); any
 * other such line is still an error.
 */
import { parse } from 'yaml';
import { runFunction } from '../pipeline';
import { decode } from './decode';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const FC = 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: dev, ifMissing: ignore}\n';

describe('scan.ts: flow collections that close at their parent`s column', () => {
  const item = '- {\n  apiVersion: v1, kind: ConfigMap, metadata: {name: x},\n  data: {a: b}\n}\n';

  test('yaml reads both inputs', () => {
    expect(parse(`${HEAD}items:\n${item}${FC}`).items).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } }]);
    expect(parse(`${HEAD}items: []\nfunctionConfig: {\n  kind: PrefillOverlay\n}\n`).functionConfig).toEqual({ kind: 'PrefillOverlay' });
  });

  test('an item whose flow mapping closes at the items` column (scan.ts scanItems)', () => {
    const input = `${HEAD}items:\n${item}${FC}`;
    expect(decode(input).items.map((i) => i.id)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }]);
    const out = runFunction(input);
    expect(out.failed).toBe(false);
    expect(decode(out.text).items[0].chunk.text).toBe(item);
  });

  test('a top-level entry whose flow mapping closes at column 0 (scan.ts scanTopLevel)', () => {
    const input = `${HEAD}items: []\nfunctionConfig: {\n  apiVersion: fn.llm-prefill.dev/v1alpha1, kind: PrefillOverlay,\n  metadata: {name: x}, spec: {overlay: dev, ifMissing: ignore}\n}\n`;
    expect(runFunction(input).failed).toBe(false);
  });

  test('a closer line with nothing open is still an error (a quoted bracket opens nothing)', () => {
    const stray = `${HEAD}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n  data: {a: "{ not open"}\n}\n${FC}`;
    expect(() => decode(stray)).toThrow(/cannot read line as part of/);
    const top = `${HEAD}items: []\nfunctionConfig:\n  kind: PrefillOverlay # {\n}\n`;
    expect(() => decode(top)).toThrow(/cannot read line as part of/);
  });
});
