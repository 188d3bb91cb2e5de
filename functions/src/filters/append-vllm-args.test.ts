import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendVllmArgs, appended, lostAfter } from './append-vllm-args';
import { documentAsItem } from '../files/stream';
import { runFunction } from '../pipeline';
import { applyFilters, DP_CONFIG, TEMPLATE_CONFIG } from './filter-test-kit';
import { shellJoin } from './shell-quote';
import { bashWords, EVAL_SCRIPT, FAKE_VLLM, HARD_WORDS } from './shell-test-kit';

const NAME = 'VLLM_ADDITIONAL_ARGS';
const KV = ['--kv-transfer-config', '{"kv_connector":"NixlConnector","kv_role":"kv_producer"}'];
const LEN = ['--max-model-len', '8192'];
const BASE_DIR = join(__dirname, '../../../base');

interface Container {
  name: string;
  command?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
}
type Pod = { containers: Container[] };

function pods(doc: unknown): Pod[] {
  const prefill = (doc as { spec: { prefill: { template?: Pod; worker?: Pod } } }).spec.prefill;
  return [prefill.template, prefill.worker].filter((p): p is Pod => p !== undefined);
}
function main(pod: Pod): Container {
  return pod.containers.find((c) => c.name === 'main') as Container;
}
/** VLLM_ADDITIONAL_ARGS of container main in each pod of a parsed config. */
function argsValues(doc: unknown): (string | undefined)[] {
  return pods(doc).map((p) => main(p).env?.find((e) => e.name === NAME)?.value);
}

/** TEMPLATE_CONFIG whose container main already has VLLM_ADDITIONAL_ARGS, given as YAML lines below `- name:`. */
function withArgs(valueLines: string): string {
  const anchor = '              value: /home\n';
  return TEMPLATE_CONFIG.replace(anchor, `${anchor}            - name: ${NAME}\n${valueLines}`);
}

/** Applies appendVllmArgs, then checks that a second run reports nothing and changes no byte. */
function applyTwice(document: string, args: readonly string[], role: 'template' | 'dataParallel') {
  const once = applyFilters(document, [appendVllmArgs(args)], role);
  const twice = applyFilters(once.text, [appendVllmArgs(args)], role);
  expect(twice.changes).toEqual([]);
  expect(twice.text).toBe(once.text);
  return once;
}

describe('appendVllmArgs: where and how the value is written', () => {
  test('template config: VLLM_ADDITIONAL_ARGS is created in main, safe words bare', () => {
    const r = applyTwice(TEMPLATE_CONFIG, LEN, 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].env[1].name', 'spec.prefill.template.containers[0].env[1].value']);
    expect(r.changes).toEqual([{ path: `spec.prefill.template.containers[name=main].env[name=${NAME}]`, description: 'vllmArgs +2' }]);
    expect(r.text).toContain(`- name: ${NAME}\n              value: --max-model-len 8192\n`);
  });

  test('data-parallel config: leader and worker, nothing else', () => {
    const r = applyTwice(DP_CONFIG, KV, 'dataParallel');
    expect(r.changedPaths).toEqual([
      'spec.prefill.template.containers[0].env[0].name',
      'spec.prefill.template.containers[0].env[0].value',
      'spec.prefill.worker.containers[0].env[0].name',
      'spec.prefill.worker.containers[0].env[0].value',
    ]);
    expect(r.changes.map((c) => c.path)).toEqual([
      `spec.prefill.template.containers[name=main].env[name=${NAME}]`,
      `spec.prefill.worker.containers[name=main].env[name=${NAME}]`,
    ]);
    const quoted = `--kv-transfer-config '{"kv_connector":"NixlConnector","kv_role":"kv_producer"}'`;
    expect(argsValues(r.after)).toEqual([quoted, quoted]);
  });

  test('appended to a value already there, with one space', () => {
    const src = withArgs('              value: --gpu-memory-utilization 0.97 # tuned for H100\n');
    const r = applyTwice(src, LEN, 'template');
    expect(r.changedPaths).toEqual(['spec.prefill.template.containers[0].env[1].value']);
    expect(r.text).toContain('value: --gpu-memory-utilization 0.97 --max-model-len 8192 # tuned for H100\n');
  });

  test('a value that already ends with the quoted arguments is left alone', () => {
    for (const value of ['--max-model-len 8192', '--gpu-memory-utilization 0.97 --max-model-len 8192']) {
      const src = withArgs(`              value: ${value}\n`);
      const r = applyFilters(src, [appendVllmArgs(LEN)], 'template');
      expect(r.changes).toEqual([]);
      expect(r.text).toBe(src);
    }
  });

  test('a block scalar with a trailing newline: appended on the same line, so eval still reaches the args', () => {
    const src = withArgs('              value: |\n                --gpu-memory-utilization 0.97\n');
    const r = applyTwice(src, LEN, 'template');
    expect(argsValues(r.after)).toEqual(['--gpu-memory-utilization 0.97 --max-model-len 8192']);
  });

  test('an entry with valueFrom is left alone and reported as no change', () => {
    const src = withArgs('              valueFrom:\n                configMapKeyRef:\n                  name: vllm\n                  key: args\n');
    const r = applyFilters(src, [appendVllmArgs(LEN)], 'template');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(src);
  });

  test('no arguments: nothing changes and no entry is created', () => {
    const r = applyFilters(DP_CONFIG, [appendVllmArgs([])], 'dataParallel');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(DP_CONFIG);
  });

  test('`{{` is not escaped: it is KServe`s template, and the user`s business', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [appendVllmArgs(['--served-model-name', '{{ .Spec.Model.Name }}'])], 'template');
    expect(argsValues(r.after)).toEqual([`--served-model-name '{{ .Spec.Model.Name }}'`]);
  });

  test('hard arguments are idempotent too (the quoted text is compared, not the words)', () => {
    applyTwice(DP_CONFIG, HARD_WORDS, 'dataParallel');
    applyTwice(withArgs('              value: --gpu-memory-utilization 0.97\n'), HARD_WORDS, 'template');
  });

  test('appended(): trailing whitespace is dropped unless escaped', () => {
    expect(appended('', '--a')).toBe('--a');
    expect(appended('  \n', '--a')).toBe('--a');
    expect(appended('--x 1\n', '--a')).toBe('--x 1 --a');
    expect(appended('--x 1 \t', '--a')).toBe('--x 1 --a');
    expect(appended('--x a\\ ', '--a')).toBe('--x a\\  --a');
    expect(appended('--x a\\\\ ', '--a')).toBe('--x a\\\\ --a');
    expect(appended('--x --a', '--a')).toBeUndefined();
    expect(appended('--x--a', '--a')).toBe('--x--a --a');
  });
});

describe('VLLM_ADDITIONAL_ARGS evaluated by bash the way KServe`s script does gives back exactly vllmArgs', () => {
  test('created value: the hard arguments come back, then the container args', () => {
    const r = applyFilters(TEMPLATE_CONFIG, [appendVllmArgs(HARD_WORDS)], 'template');
    const [value] = argsValues(r.after);
    expect(value).toBe(shellJoin(HARD_WORDS));
    expect(bashWords(EVAL_SCRIPT, { [NAME]: value as string })).toEqual(HARD_WORDS);
    expect(bashWords(EVAL_SCRIPT, { [NAME]: value as string }, ['extra1'])).toEqual([...HARD_WORDS, 'extra1']);
  });

  test('each pod of the data-parallel config', () => {
    const r = applyFilters(DP_CONFIG, [appendVllmArgs(HARD_WORDS)], 'dataParallel');
    const values = argsValues(r.after);
    expect(values).toHaveLength(2);
    for (const value of values) expect(bashWords(EVAL_SCRIPT, { [NAME]: value as string })).toEqual(HARD_WORDS);
  });

  test('pre-existing value `--gpu-memory-utilization 0.97`: those two words, then the arguments', () => {
    const r = applyFilters(withArgs('              value: --gpu-memory-utilization 0.97\n'), [appendVllmArgs(HARD_WORDS)], 'template');
    const [value] = argsValues(r.after);
    expect(bashWords(EVAL_SCRIPT, { [NAME]: value as string })).toEqual(['--gpu-memory-utilization', '0.97', ...HARD_WORDS]);
  });

  test('each hard argument alone, after the JSON kv-transfer-config', () => {
    for (const word of HARD_WORDS) {
      const args = [...KV, word];
      const r = applyFilters(TEMPLATE_CONFIG, [appendVllmArgs(args)], 'template');
      expect(bashWords(EVAL_SCRIPT, { [NAME]: argsValues(r.after)[0] as string })).toEqual(args);
    }
  });
});

describe('with the real base scripts (Go template actions blanked, a fake vllm on PATH)', () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'fake-vllm-'));
    writeFileSync(join(bin, 'vllm'), FAKE_VLLM);
    chmodSync(join(bin, 'vllm'), 0o755);
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  /** Container main's script (command[2]) with every `{{ ... }}` action replaced by nothing. */
  function script(container: Container): string {
    expect(container.command?.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    return (container.command?.[2] as string).replace(/\{\{[\s\S]*?\}\}/g, '');
  }

  const env = (extra: Record<string, string>) => ({
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    // For the data-parallel scripts: the leader address resolves at once.
    LWS_LEADER_ADDRESS: 'localhost',
    DP_ADDRESS_RESOLVE_ATTEMPTS: '1',
    LWS_WORKER_INDEX: '0',
    ...extra,
  });

  const cases = [
    ['config-llm-prefill-template.yaml', 'template', 1],
    ['config-llm-prefill-worker-data-parallel.yaml', 'dataParallel', 2],
  ] as const;

  test.each(cases)('%s: vllm gets the fixed flags, then exactly the arguments, then the container args', (file, role, podCount) => {
    // filter-test-kit's applyFilters expects the document to start with its first key: drop the head comment.
    const source = readFileSync(join(BASE_DIR, file), 'utf8').replace(/^(#.*\n)+/, '');
    const r = applyFilters(source, [appendVllmArgs(HARD_WORDS)], role);
    // Only env changed: one new entry in main of each pod; command and args untouched.
    expect(r.changedPaths).toEqual(
      pods(r.before).flatMap((p, i) => {
        const entry = `spec.prefill.${i === 0 ? 'template' : 'worker'}.containers[0].env[${(main(p).env ?? []).length}]`;
        return [`${entry}.name`, `${entry}.value`];
      }),
    );
    const after = pods(r.after);
    expect(after).toHaveLength(podCount);
    for (const pod of after) {
      const container = main(pod);
      const value = container.env?.find((e) => e.name === NAME)?.value as string;
      const fixed = bashWords(script(container), env({}), ['extra1']);
      expect(fixed.slice(0, 2)).toEqual(['serve', '/mnt/models']);
      expect(fixed[fixed.length - 1]).toBe('extra1');
      const argv = bashWords(script(container), env({ [NAME]: value }), ['extra1']);
      expect(argv).toEqual([...fixed.slice(0, -1), ...HARD_WORDS, 'extra1']);
    }
  });
});

describe('lostAfter: appended arguments that would not reach vLLM (issue 12, item 4)', () => {
  const cases: [string, 'line break' | 'comment' | undefined][] = [
    ['--a 1', undefined],
    ['--a 1\n', undefined],
    ['--a 1\n--b 2', 'line break'],
    ['--a 1 \\\n--b 2', undefined],
    ["--a 'x\ny'", undefined],
    ['--a "x\ny"', undefined],
    ['--a 1 # tuned', 'comment'],
    ['#all', 'comment'],
    ['--a x#y', undefined],
    ["--a '# not a comment'", undefined],
    ['--a "#x"', undefined],
    ['--a \\#x', undefined],
  ];
  test.each(cases)('%j -> %s', (value, lost) => {
    expect(lostAfter(value)).toBe(lost);
  });

  test('bash agrees: the appended word reaches the command exactly when lostAfter finds nothing', () => {
    for (const [value] of cases) {
      const next = appended(value, '--appended') as string;
      // As KServe's script: exec, so that nothing after the first line of the eval'd text runs.
      const words = bashWords(`eval "exec /usr/bin/printf '%s\\0' marker \${VLLM_ADDITIONAL_ARGS} \\$@"\n`, { [NAME]: next }, ['extra1']);
      const reached = words.includes('--appended') && words[words.length - 1] === 'extra1';
      expect([value, reached]).toEqual([value, lostAfter(value) === undefined]);
    }
  });

  test('through the function: appending vllmArgs to such a value is an error; the value alone is a warning', () => {
    const list = (spec: string) =>
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' +
      documentAsItem(withArgs('              value: "--a 1 # tuned"\n')) +
      `functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: t}\n  spec: {overlay: t, configs: [template]${spec}}\n`;
    const withVllmArgs = runFunction(list(', vllmArgs: [--max-model-len, "8192"]'));
    expect(withVllmArgs.failed).toBe(true);
    expect(withVllmArgs.results.find((r) => r.severity === 'error')).toMatchObject({
      message: expect.stringContaining('unquoted comment'),
      field: { path: 'spec.prefill.template.containers[0].env[1].value' },
    });
    const alone = runFunction(list(''));
    expect(alone.failed).toBe(false);
    expect(alone.results.filter((r) => r.severity === 'warning').map((r) => r.message).join('\n')).toContain('unquoted comment');
  });
});
