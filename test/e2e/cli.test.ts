/** The built executable as a user runs it: flags, exit codes, large input, bad input. */
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { FUNCTION_BIN, requireBuild } from '../support/tools';

const run = (args: string[], input = '') => spawnSync(process.execPath, [FUNCTION_BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });

beforeAll(requireBuild);

describe('llm-prefill-fn CLI', () => {
  test('--help explains the fields, the runners and the exit codes', () => {
    const out = run(['--help']);
    expect(out.status).toBe(0);
    for (const text of ['spec.overlay', 'spec.pipeline.engine', 'kpt fn render', 'kustomize', 'Argo CD', 'Flux', 'EXIT CODES']) expect(out.stdout).toContain(text);
  });

  test('--version prints the version', () => {
    expect(run(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  test('an unknown argument exits 2 with a hint', () => {
    const out = run(['--frobnicate']);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('see --help');
  });

  test('a large ResourceList through a pipe (several MB: more than a pipe buffer)', () => {
    const item = (i: number) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c${i}\n  data:\n    v: "${'x'.repeat(2000)}"\n`;
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' + Array.from({ length: 2000 }, (_, i) => item(i)).join('') + 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: x, ifMissing: ignore}\n';
    const out = run([], input);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout.startsWith(input.slice(0, input.indexOf('functionConfig:')))).toBe(true);
  });

  test('bad input: exit 1, a ResourceList with an error result on stdout, no stack trace', () => {
    const out = run([], 'this is: [not a ResourceList');
    expect(out.status).toBe(1);
    const list = parse(out.stdout) as { kind: string; items: unknown[]; results: { severity: string; message: string }[] };
    expect(list.kind).toBe('ResourceList');
    expect(list.items).toEqual([]);
    expect(list.results[0].severity).toBe('error');
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});
