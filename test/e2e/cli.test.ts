/** The built executable as a user runs it: flags, exit codes, large input, bad input. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, mib } from '../../functions/src/krm/limits';
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

  test('--help and the README agree on the exit codes and the limits', () => {
    const help = run(['--help']).stdout;
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| (\d) \| (.+) \|$/gm)].map((m) => [m[1], m[2]] as const);
    expect(rows.map(([code]) => code)).toEqual(['0', '1', '2']);
    for (const [code, meaning] of rows) expect(help).toContain(`  ${code}  ${meaning.split(/[;(]/)[0].trim().split(' ').slice(0, 2).join(' ')}`);
    for (const value of [mib(LIMITS.inputBytes), mib(LIMITS.flowInputBytes), mib(LIMITS.parsedBytes), `${LIMITS.depth} levels`, `maxAliasCount\` ${LIMITS.aliasCount}`]) {
      expect(readme).toContain(value);
      expect(help).toContain(value.replace('`', ''));
    }
    expect(help).toContain('LLM_PREFILL_FN_DEBUG=1');
  });

  test('--version and version print the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['-v'], ['version']]) expect([args, run(args).stdout, run(args).status]).toEqual([args, `${version}\n`, 0]);
  });

  test.each(['render', 'preview', 'init', 'version'])('%s: help COMMAND, COMMAND --help and COMMAND -h print the usage of that command', (command) => {
    const help = run(['help', command]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^USAGE\n  llm-prefill-fn ${command}\\b`));
    for (const flag of ['--help', '-h']) expect(run([command, flag])).toMatchObject({ status: 0, stdout: help.stdout });
  });

  test('render --help lists its options; --help wins over the other arguments', () => {
    const out = run(['render', 'overlays/prod', '--out', 'x.yaml', '--help']);
    expect(out.status).toBe(0);
    for (const option of ['--config FILE', '--out PATH']) expect(out.stdout).toContain(option);
  });

  test('help and -h give the full text; help with an unknown command exits 2', () => {
    expect(run(['help']).stdout).toBe(run(['--help']).stdout);
    expect(run(['-h']).stdout).toBe(run(['--help']).stdout);
    for (const command of ['render', 'preview', 'init', 'help [COMMAND]', 'version']) expect(run(['--help']).stdout).toContain(`  llm-prefill-fn ${command}`);
    const unknown = run(['help', 'frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('one of render, preview, init, version');
  });

  test('a bad option of a command points at that command\'s --help', () => {
    const out = run(['render', 'overlays/prod', '--frobnicate']);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe('llm-prefill-fn: unknown option --frobnicate (see render --help)\n');
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

  test('stdin handed over non-blocking, written in two parts: the blocking reads stop at EAGAIN and the stream reads the rest', async () => {
    const input = readFileSync(join(__dirname, '../fixtures/unit/managed-resource-list.yaml'));
    const expected = run([], input.toString('utf8'));
    expect(expected.status).toBe(0);
    const preload = join(__dirname, '../support/stdin-nonblocking.cjs');
    const child = spawn(process.execPath, ['-r', preload, FUNCTION_BIN], { env: { ...process.env, LLM_PREFILL_FN_DEBUG: '1' } });
    const stdout: Buffer[] = [];
    let stderr = '';
    const fellBack = 'debug: stdin: a blocking read failed (EAGAIN) after 1000 bytes: the rest is read as a stream\n';
    // The rest is written only once the function has found the pipe empty after the first part.
    const switched = new Promise<void>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString('utf8');
        if (stderr.includes(fellBack)) resolve();
      });
    });
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write(input.subarray(0, 1000));
    await Promise.race([switched, closed]);
    child.stdin.end(input.subarray(1000));
    expect(await closed).toBe(0);
    expect(stderr).toContain(fellBack);
    expect(Buffer.concat(stdout).toString('utf8')).toBe(expected.stdout);
  });

  test.each([
    ['render --config with a missing file', ['render', 'overlays/prod', '--config', '/nonexistent/config.yaml'], '', /^llm-prefill-fn: \[error\] cannot read --config \/nonexistent\/config\.yaml: ENOENT/],
    ['preview of a missing file', ['preview', '/nonexistent/x.yaml'], '', /^llm-prefill-fn: \[error\] cannot read \/nonexistent\/x\.yaml: ENOENT/],
    ['preview of invalid YAML', ['preview', '-'], 'a: [', /^llm-prefill-fn: \[error\] stdin: Flow sequence in block collection must be sufficiently indented and end with a \] at line 1, column 5\nllm-prefill-fn: FAILED: 1 error\(s\); first: stdin: Flow sequence/],
  ])('%s: exit 1 with a message, not an internal error', (_title, args, input, message) => {
    const out = spawnSync(process.execPath, [FUNCTION_BIN, ...args], { cwd: join(__dirname, '../..'), input, encoding: 'utf8' });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toContain('internal error');
    // A failed run never ends on a line that looks like success.
    expect(out.stderr.trim().split('\n').pop()).toMatch(/^llm-prefill-fn: FAILED: 1 error\(s\); first: /);
  });

  test('stdout is written in pieces of 1 MiB without splitting a character (an emoji across the first boundary)', () => {
    const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big\n  data:\n    v: "';
    const value = 'x'.repeat((1 << 20) - 1 - head.length) + '😀 and more';
    const input = `${head}${value}"\nfunctionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: x, ifMissing: ignore}\n`;
    expect(input.charCodeAt((1 << 20) - 1)).toBe(0xd83d);
    const out = run([], input);
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

describe('llm-prefill-fn preview', () => {
  test('overlays/prod: the vllm serve line per pod, with the GPUs and pods', () => {
    const out = spawnSync(process.execPath, [FUNCTION_BIN, 'preview', 'overlays/prod'], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const text = out.stdout;
    expect(text).toContain('model meta-llama/Meta-Llama-3-8B-Instruct');
    expect(text).toContain('replicas 1 × 2 pod(s) per replica (data 16 / dataLocal 8), tensor 1');
    for (const role of ['[prefill leader]', '[prefill worker]']) expect(text).toContain(`${role} image ghcr.io/llm-d/llm-d-cuda:v0.9.0, GPUs per pod 8`);
    const serve = text.split('\n').filter((l) => l.trim().startsWith('vllm serve'));
    expect(serve).toHaveLength(2);
    for (const line of serve) {
      for (const flag of ['--data-parallel-size 16', '--data-parallel-size-local 8', '--enable-expert-parallel', '--served-model-name "meta-llama/Meta-Llama-3-8B-Instruct"', '${VLLM_ADDITIONAL_ARGS}']) expect(line).toContain(flag);
      expect(line).not.toContain('{{');
    }
    expect(serve[1]).toContain('--headless');
    expect(serve[0]).not.toContain('--headless');
  });

  test('--tls on: the ssl flags on every vllm line, and the assumption printed; a bad value exits 2', () => {
    const out = spawnSync(process.execPath, [FUNCTION_BIN, 'preview', '--tls', 'on', 'overlays/prod'], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('TLS on (');
    const serve = out.stdout.split('\n').filter((l) => l.trim().startsWith('vllm serve'));
    expect(serve).toHaveLength(2);
    for (const line of serve) expect(line).toContain('--ssl-certfile /var/run/kserve/tls/tls.crt');
    const bad = run(['preview', '--tls', 'maybe']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--tls takes on or off/);
  });

  test('no argument: the embedded base configs with a sample service', () => {
    const out = run(['preview']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('the built-in sample service is shown');
    expect(out.stdout).toContain('--data-parallel-size 16');
  });
});
