/**
 * `npm start`'s summary (scripts/render-overlays.mjs) over a copy of base/ and the shipped
 * overlays, plus an overlay that fails: one compact table per overlay, the numbers read from what
 * was rendered, nothing of the raw results unless --verbose.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBuild, ROOT } from '../support/tools';
import { tempDir } from '../support/temp-dirs';

const SHIPPED = ['dev', 'prod', 'staging'];

function workspace(): { overlays: string; out: string } {
  const dir = tempDir('render-overlays-');
  cpSync(join(ROOT, 'base'), join(dir, 'base'), { recursive: true });
  for (const env of SHIPPED) cpSync(join(ROOT, 'overlays', env), join(dir, 'overlays', env), { recursive: true });
  return { overlays: join(dir, 'overlays'), out: join(dir, 'rendered') };
}

const summary = (ws: { overlays: string; out: string }, ...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/render-overlays.mjs'), '--overlays', ws.overlays, '--out', ws.out, ...args], { cwd: ROOT, encoding: 'utf8' });

/** The output's blocks, by the overlay's name: the lines from its heading to the next blank line. */
function blocks(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const block of stdout.split('\n\n')) {
    const lines = block.split('\n').filter(Boolean);
    const env = /overlays\/([\w-]+)/.exec(lines[0] ?? '')?.[1];
    if (env && lines[0].includes('overlays/')) out.set(env, lines);
  }
  return out;
}

/** The table row of one pod, as cells. */
function row(lines: string[], pod: string): string[] {
  const line = lines.find((l) => l.trimStart().startsWith(`${pod} `));
  expect([pod, line]).toEqual([pod, expect.any(String)]);
  return (line as string).trim().split(/ {2,}/);
}

beforeAll(requireBuild);

test('one table per overlay, at most 15 lines each, with each pod\'s image, GPUs, pods, parallelism, shm and RoCE', () => {
  const ws = workspace();
  const run = summary(ws);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const byEnv = blocks(run.stdout);
  expect([...byEnv.keys()].sort()).toEqual(SHIPPED);
  for (const [env, lines] of byEnv) {
    expect([env, lines.length <= 15]).toEqual([env, true]);
    expect(lines[0]).toContain(`rendered/${env}.yaml`);
    expect(existsSync(join(ws.out, `${env}.yaml`))).toBe(true);
  }
  // No raw result lines, no $ / {{ counts.
  expect(run.stdout).not.toMatch(/\[info\]|\$ and \{\{/);

  const prod = byEnv.get('prod') as string[];
  // What overlays/prod asks for (see its prefill-overlay.yaml): 8 GPUs per pod, data 16 over 8 per pod.
  expect(row(prod, 'data-parallel: leader')).toEqual(['data-parallel: leader', 'ghcr.io/llm-d/llm-d-cuda:v0.9.0', '8', '2', 'data 16, dataLocal 8, tensor 1, expert', '16Gi', 'on, rdma/roce_gdr 1, net roce-p2']);
  expect(row(prod, 'data-parallel: worker').slice(2, 4)).toEqual(['8', '2']);
  expect(row(prod, 'template: pod').slice(1, 4)).toEqual(['ghcr.io/llm-d/llm-d-cuda:v0.9.0', '8', '1']);
  const dev = byEnv.get('dev') as string[];
  expect(row(dev, 'data-parallel: leader').slice(2)).toEqual(['1', '1', 'data 1, dataLocal 1, tensor 1', '2Gi', 'off']);
  expect(row(byEnv.get('staging') as string[], 'data-parallel: worker').slice(3, 6)).toEqual(['2', 'data 2, dataLocal 1, tensor 1', '8Gi']);
});

test('a failing overlay: FAILED with its error, the others still rendered, exit 1; --verbose adds every result line', () => {
  const ws = workspace();
  mkdirSync(join(ws.overlays, 'broken'));
  writeFileSync(join(ws.overlays, 'broken/kustomization.yaml'), 'resources: [../../base]\ntransformers: [prefill-overlay.yaml]\n');
  writeFileSync(join(ws.overlays, 'broken/prefill-overlay.yaml'), readFileSync(join(ROOT, 'overlays/dev/prefill-overlay.yaml'), 'utf8').replace(/^  image:/m, '  imag:'));
  const run = summary(ws);
  expect(run.status).toBe(1);
  const broken = blocks(run.stdout).get('broken') as string[];
  expect(broken[0]).toMatch(/overlays\/broken: FAILED \(exit 1\)/);
  expect(broken.join('\n')).toMatch(/spec\.imag/);
  expect(broken.length).toBeLessThanOrEqual(6);
  expect(run.stdout).toMatch(/3 of 4 overlay\(s\) rendered; FAILED: broken/);

  const verbose = summary(ws, '--verbose');
  expect(verbose.stdout).toMatch(/\[info\] \$ and \{\{ text in managed resources/);
});
