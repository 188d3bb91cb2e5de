/**
 * Memory on a large input, through the built executable: peak resident memory (maxRSS, reported
 * by scripts/bench/rss.cjs preloaded with `node -r`) within the bounds the README documents:
 *
 * - block-style YAML (what kpt and kustomize send): 12 x the input + 100 MB;
 * - JSON (rewritten in block style, then scanned): 24 x the input + 100 MB.
 *
 * - the same for the paths that used to parse per item or whole: JSON with many small items,
 *   items in flow style, and the duplicate-resource error on large CRDs.
 *
 * Measured on the development machine (2 cores): 31.5 MB of ConfigMaps in YAML peaks at ~200 MB
 * when the machine is idle and at up to ~390 MB when it is busy (as during `npm test`: V8's
 * concurrent marking finishes later and the heap grows meanwhile); 15.7 MB of JSON at 300-370 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTION_BIN, requireBuild, ROOT } from '../support/tools';

const MB = 1000 * 1000;
const FUNCTION_CONFIG = { apiVersion: 'fn.llm-prefill.dev/v1alpha1', kind: 'PrefillOverlay', metadata: { name: 'x' }, spec: { overlay: 'x', ifMissing: 'ignore' } };

function yamlInput(items: number): string {
  const item = (i: number) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c${i}\n    namespace: ns\n  data:\n    v: "${'x'.repeat(2000)}"\n`;
  return 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' + Array.from({ length: items }, (_, i) => item(i)).join('') + 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: x, ifMissing: ignore}\n';
}

function jsonInput(items: number): string {
  const list = Array.from({ length: items }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'ns' }, data: { v: 'x'.repeat(2000) } }));
  return JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: list, functionConfig: FUNCTION_CONFIG });
}

/** Many small items (~85 bytes each in JSON): the cost per item, not per byte, is what counts. */
function smallJsonInput(items: number): string {
  const list = Array.from({ length: items }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { a: 'b' } }));
  return JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: list, functionConfig: FUNCTION_CONFIG });
}

/** Items that are one flow mapping each (`- {apiVersion: v1, ...}`), as some generators write them. */
function flowItemsInput(items: number): string {
  const item = (i: number) => `- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}, namespace: ns}, data: {a: b}}\n`;
  return 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' + Array.from({ length: items }, (_, i) => item(i)).join('') + 'functionConfig: {apiVersion: fn.llm-prefill.dev/v1alpha1, kind: PrefillOverlay, metadata: {name: x}, spec: {overlay: x, ifMissing: ignore}}\n';
}

/** Two copies of a large CRD: the duplicate-resource error reads their annotations. */
function duplicateCrdInput(properties: number): string {
  const props = Array.from({ length: properties }, (_, i) => `              p${i}:\n                type: string\n                description: "${'d'.repeat(150)}"\n`).join('');
  const crd = `- apiVersion: apiextensions.k8s.io/v1\n  kind: CustomResourceDefinition\n  metadata:\n    name: things.example.com\n    annotations:\n      config.kubernetes.io/path: crds/things.yaml\n  spec:\n    group: example.com\n    versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n${props}`;
  return 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' + crd + crd + 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: x, ifMissing: ignore}\n';
}

/** Runs the function on `input`; its peak RSS in bytes. */
function peakRss(input: string): { rss: number; status: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'llm-prefill-fn-rss-'));
  const file = join(dir, 'rss');
  try {
    const run = spawnSync(process.execPath, ['-r', join(ROOT, 'scripts/bench/rss.cjs'), FUNCTION_BIN], {
      input,
      env: { ...process.env, BENCH_RSS_FILE: file },
      maxBuffer: 1 << 28,
      encoding: 'utf8',
    });
    // A failed run says why on stderr (kustomize shows no results); never with a stack trace.
    if (run.status === 0) expect(run.stderr).toBe('');
    else expect(run.stderr).not.toMatch(/\n\s+at /);
    return { rss: Number(readFileSync(file, 'utf8')) * 1024, status: run.status, stdout: run.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(requireBuild);

describe('memory on a large input', () => {
  test('~30 MB of ConfigMaps in YAML: peak RSS under 12 x the input + 100 MB', () => {
    const input = yamlInput(15000);
    expect(input.length).toBeGreaterThan(30 * MB);
    const { rss, status, stdout } = peakRss(input);
    expect(status).toBe(0);
    expect(stdout.startsWith(input.slice(0, input.indexOf('functionConfig:')))).toBe(true);
    expect(rss).toBeLessThan(12 * input.length + 100 * MB);
  });

  test('~15 MB of ConfigMaps in JSON: peak RSS under 24 x the input + 100 MB', () => {
    const input = jsonInput(7500);
    expect(input.length).toBeGreaterThan(15 * MB);
    const { rss, status } = peakRss(input);
    expect(status).toBe(0);
    expect(rss).toBeLessThan(24 * input.length + 100 * MB);
  });

  // issue 12: these paths parsed per item or whole (2.2 GB for the JSON, 635 MB for 9 MB of
  // duplicate CRDs, before).
  test('~17 MB of JSON in 200k small items: peak RSS under 24 x the input + 100 MB', () => {
    const input = smallJsonInput(200000);
    expect(input.length).toBeGreaterThan(16 * MB);
    const { rss, status, stdout } = peakRss(input);
    expect(status).toBe(0);
    expect(stdout).toContain('\n      name: c199999\n');
    expect(rss).toBeLessThan(24 * input.length + 100 * MB);
  });

  test('200k flow-style items (~17 MB): peak RSS under 12 x the input + 100 MB', () => {
    const input = flowItemsInput(200000);
    expect(input.length).toBeGreaterThan(16 * MB);
    const { rss, status, stdout } = peakRss(input);
    expect(status).toBe(0);
    expect(stdout).toContain('- {apiVersion: v1, kind: ConfigMap, metadata: {name: c199999, namespace: ns}, data: {a: b}}\n');
    expect(rss).toBeLessThan(12 * input.length + 100 * MB);
  });

  test('the duplicate-resource error on two ~10 MB CRDs: peak RSS under 12 x the input + 100 MB', () => {
    const input = duplicateCrdInput(40000);
    expect(input.length).toBeGreaterThan(18 * MB);
    const { rss, status, stdout } = peakRss(input);
    expect(status).toBe(1);
    expect(stdout).toMatch(/duplicate resource CustomResourceDefinition\/things\.example\.com/);
    expect(stdout).toContain('path: crds/things.yaml');
    expect(rss).toBeLessThan(12 * input.length + 100 * MB);
  });
});
