/**
 * Property (issue 12, "Done when"): the managed configs carry aliases, anchors, tags, octal
 * numbers and YAML 1.1 words in fields no overlay targets — and in some it does (an aliased
 * volume list, an anchored flow dshm volume). For every run that exits 0, under each of the
 * repository's overlays: every such non-targeted field keeps its value and its source text, an
 * alias edited in one place leaves its anchor's value alone, a comment after a reprinted flow
 * collection appears once, the output parses, and a second run changes nothing.
 *
 * PROPERTY_RUNS (default 200: 60 cases here) and PROPERTY_SEED change the run.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { documentAsItem } from '../../functions/src/files/stream';
import { decode } from '../../functions/src/krm/decode';
import { indentLines } from '../../functions/src/krm/lines';
import { BASE_CONFIGS } from '../../functions/src/plan/base-configs';
import { runFunction } from '../../functions/src/pipeline';

const RUNS = Math.ceil(Number(process.env.PROPERTY_RUNS ?? 200) / 3);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261201);
const ROOT = join(__dirname, '../..');
const OVERLAYS = ['dev', 'staging', 'prod'].map((env) => parse(readFileSync(join(ROOT, 'overlays', env, 'prefill-overlay.yaml'), 'utf8')) as Record<string, unknown>);

type Obj = Record<string, any>;

/** One decoration: a text edit of a config, and what must hold in the output item. */
interface Decoration {
  name: string;
  apply: (config: string) => string;
  /** Source text the output item must still contain, each exactly as often as given. */
  keeps: [string, number][];
  /** A check on the output item as data. */
  holds?: (item: Obj) => void;
}

const replaceFirst = (text: string, from: string, to: string) => {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`decoration anchor not found: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
};
const pod = (item: Obj, key: 'template' | 'worker') => item.spec.prefill[key] as Obj;

const DECORATIONS: Decoration[] = [
  {
    name: 'a volume no overlay targets: octal, a tag, flow style',
    apply: (c) => replaceFirst(c, '      volumes:\n', '      volumes:\n        - name: extra-cfg\n          configMap: {name: cfg, defaultMode: 0400, items: [{key: a, path: !!str 0644}]}\n'),
    keeps: [['configMap: {name: cfg, defaultMode: 0400, items: [{key: a, path: !!str 0644}]}', 1]],
    holds: (item) => expect(pod(item, 'template').volumes.find((v: Obj) => v.name === 'extra-cfg')).toEqual({ name: 'extra-cfg', configMap: { name: 'cfg', defaultMode: 400, items: [{ key: 'a', path: '0644' }] } }),
  },
  {
    name: 'an env entry no overlay sets, with a YAML 1.1 word',
    apply: (c) => replaceFirst(c, '          env:\n', '          env:\n            - name: EXTRA_FLAG\n              value: yes # a boolean to YAML 1.1\n'),
    keeps: [['            - name: EXTRA_FLAG\n              value: yes # a boolean to YAML 1.1\n', 1]],
    holds: (item) => expect(pod(item, 'template').containers[0].env.filter((e: Obj) => e.name === 'EXTRA_FLAG')).toEqual([{ name: 'EXTRA_FLAG', value: 'yes' }]),
  },
  {
    name: 'a volume named through an alias of its mount name',
    apply: (c) => replaceFirst(replaceFirst(c, '            - name: model-cache\n', '            - name: &cache model-cache\n'), '        - name: model-cache\n', '        - name: *cache\n'),
    keeps: [['- name: &cache model-cache\n', 1], ['        - name: *cache\n', 1]],
    holds: (item) => expect(pod(item, 'template').volumes.filter((v: Obj) => v.name === 'model-cache')).toEqual([{ name: 'model-cache', emptyDir: {} }]),
  },
  {
    name: 'an anchor before the first key of container main',
    apply: (c) => replaceFirst(c, '        - name: main\n', '        - &c name: main\n'),
    keeps: [['        - &c name: main\n', 1]],
    holds: (item) => expect(pod(item, 'template').containers.filter((x: Obj) => x.name === 'main')).toHaveLength(1),
  },
  {
    name: 'a tagged securityContext',
    apply: (c) => replaceFirst(c, '          securityContext:\n', '          securityContext: !!map\n'),
    keeps: [['          securityContext: !!map\n', 1]],
  },
  {
    name: 'the dshm volume in flow style, anchored, with a comment and a field nobody targets',
    apply: (c) =>
      c.replace(/        - name: dshm\n          emptyDir:\n            medium: Memory\n            sizeLimit: (\w+)\n/, '        - name: dshm\n          emptyDir: &shm {medium: Memory, sizeLimit: $1, x-keep: 0o17} # shared memory\n'),
    keeps: [['x-keep: 0o17} # shared memory\n', 1], ['emptyDir: &shm {', 1]],
    holds: (item) => expect(pod(item, 'template').volumes.find((v: Obj) => v.name === 'dshm').emptyDir['x-keep']).toBe(15),
  },
];

/** Only for the data-parallel config: the worker's volumes are an alias of the leader's. */
const ALIASED_WORKER_VOLUMES: Decoration = {
  name: 'the worker volumes as an alias of the leader volumes',
  apply: (c) => {
    const worker = c.indexOf('    worker:\n');
    const volumes = c.indexOf('      volumes:\n', worker);
    return replaceFirst(c.slice(0, volumes), '      volumes:\n', '      volumes: &leader-volumes\n') + '      volumes: *leader-volumes\n';
  },
  keeps: [['      volumes: &leader-volumes\n', 1]],
  // Whatever the overlay edits, leader and worker get the same edits: their volumes stay equal.
  holds: (item) => expect(pod(item, 'worker').volumes).toEqual(pod(item, 'template').volumes),
};

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

function input(decorations: readonly Decoration[], workerAlias: boolean, overlay: number): { text: string; template: Decoration[]; dataParallel: Decoration[] } {
  const dp = workerAlias ? [...decorations, ALIASED_WORKER_VOLUMES] : [...decorations];
  const template = decorations.reduce((c, d) => d.apply(c), BASE_CONFIGS.template);
  const dataParallel = dp.reduce((c, d) => d.apply(c), BASE_CONFIGS.dataParallel);
  const fc = `functionConfig:\n${indentLines(stringify(OVERLAYS[overlay]), 2)}`;
  return { text: HEAD + documentAsItem(template) + documentAsItem(dataParallel) + fc, template: decorations.slice(), dataParallel: dp };
}

function checkItem(chunk: string, decorations: readonly Decoration[]): void {
  const text = itemDocument(chunk);
  const value = parse(text) as Obj;
  for (const d of decorations) {
    for (const [source, times] of d.keeps) expect({ decoration: d.name, source, times: text.split(source).length - 1 }).toEqual({ decoration: d.name, source, times });
    d.holds?.(value);
  }
}

/** An item's chunk as a plain document (the chunk is `- ` plus two-space indented lines). */
function itemDocument(chunk: string): string {
  return chunk.replace(/^- /, '  ').replace(/^ {2}/gm, '');
}

describe('property: non-targeted fields keep value and source text (aliases, anchors, tags, octal)', () => {
  test('for every run that exits 0, under every overlay', () => {
    let succeeded = 0;
    fc.assert(
      fc.property(fc.subarray(DECORATIONS, { minLength: 1 }), fc.boolean(), fc.constantFrom(...OVERLAYS.keys()), (decorations, workerAlias, overlay) => {
        const { text, template, dataParallel } = input(decorations, workerAlias, overlay);
        const out = runFunction(text);
        expect(out.results.filter((r) => /internal error/.test(r.message))).toEqual([]);
        expect(parseDocument(out.text, { uniqueKeys: true }).errors).toEqual([]);
        if (out.failed) return;
        succeeded++;
        const items = decode(out.text).items;
        const byName = (name: string) => items.find((i) => i.id.name === name)?.chunk.text as string;
        checkItem(byName('kserve-config-llm-prefill-template'), template);
        checkItem(byName('kserve-config-llm-prefill-worker-data-parallel'), dataParallel);
        // f(f(x)) = f(x)
        expect(decode(runFunction(out.text).text).items.map((i) => i.chunk.text)).toEqual(items.map((i) => i.chunk.text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The property is about successful runs: most must succeed (warnings are fine).
    expect(succeeded).toBeGreaterThan(RUNS / 2);
  });
});
