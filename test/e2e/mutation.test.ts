/**
 * The mutation run (issue 6): a valid input — overlays/prod as kustomize hands it (base/ and
 * prod's PrefillOverlay) in a ResourceList, as YAML, with CRLF, as JSON, and the function's own output — with hundreds of
 * seeded random byte edits (insert, delete, replace, copy a slice; biased to the bytes that
 * matter to YAML). Never a crash, never a hang, always a ResourceList on stdout:
 *
 * - in process (runFunctionSafely, as the CLI calls it): MUTATION_RUNS mutants (default 200);
 * - through the built executable: 20 mutants, one after the other.
 *
 * No limit here is a measure of speed: how long a mutant takes depends on how busy the machine is.
 * What bounds the work is the input (at most 4 edits of a ~30 KB input) and the function's own
 * limits; a hang is caught by generous limits (2 min per executable run, jest's per-test
 * timeout below), far beyond the ~0.3 s a run takes on an idle 2-core machine.
 *
 * Found by it and fixed (regression tests in test/e2e/bad-inputs.test.ts and
 * functions/src/krm/render-item.test.ts): see the README's "Bad input and limits".
 */
import { decodeUtf8 } from '../../functions/src/cli/stdin';
import { resourceListText, splitDocuments } from '../../functions/src/files/stream';
import { decode } from '../../functions/src/krm/decode';
import { failedBeforeDecode, runFunctionSafely, type RunOutput } from '../../functions/src/pipeline';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { requireBuild, ROOT } from '../support/tools';
import { runBin } from '../support/run-bin';
import { prng } from '../support/prng';

const RUNS = Number(process.env.MUTATION_RUNS ?? 200);
/** Kills an executable run that hangs: minutes, not a speed target. */
const HANG_MS = 120_000;
const SEED = Number(process.env.MUTATION_SEED ?? 6);

// What kustomize hands the function for overlays/prod: base/'s resources and prod's PrefillOverlay.
const BASE_FILES = ['config-llm-prefill-template.yaml', 'config-llm-prefill-worker-data-parallel.yaml', 'llminferenceservice-sample.yaml'];
const PROD = resourceListText(
  BASE_FILES.flatMap((f) => splitDocuments(readFileSync(join(ROOT, 'base', f), 'utf8'))),
  readFileSync(join(ROOT, 'overlays/prod/prefill-overlay.yaml'), 'utf8'),
);
const BASES: Buffer[] = [PROD, PROD.replace(/\n/g, '\r\n'), JSON.stringify(parse(PROD)), runFunctionSafely(PROD).text].map((t) => Buffer.from(t));


const SIGNIFICANT = [...Buffer.from(' \n\r\t:-#&*!|>\'"{}[],?%@`\\~0')];

function mutants(count: number, seed: number): Buffer[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  return Array.from({ length: count }, (_, i) => {
    let b = Buffer.from(BASES[i % BASES.length]);
    for (let k = 1 + int(4); k > 0; k--) {
      const at = int(b.length + 1);
      const byte = rnd() < 0.7 ? SIGNIFICANT[int(SIGNIFICANT.length)] : int(256);
      switch (int(4)) {
        case 0:
          b = Buffer.concat([b.subarray(0, at), Buffer.from([byte]), b.subarray(at)]);
          break;
        case 1:
          b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(16))]);
          break;
        case 2:
          if (at < b.length) b[at] = byte;
          break;
        default: {
          const from = int(b.length);
          b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + int(120)), b.subarray(at)]);
        }
      }
    }
    return b;
  });
}

/** The output is a ResourceList: the line scanner reads it, and its results parse. */
function expectResourceList(text: string): { itemTexts: string[]; results: { message: string; severity: string }[] } {
  const list = decode(text);
  const entry = list.source.entries.find((e) => e.key === 'results');
  const results = entry ? (parse(entry.text) as { results: { message: string; severity: string }[] }).results : [];
  expect(Array.isArray(results)).toBe(true);
  return { itemTexts: list.items.map((i) => i.chunk.text), results };
}

describe('mutation run, in process', () => {
  test(`${RUNS} mutants of overlays/prod: a ResourceList every time, no internal error, nothing half-applied`, () => {
    for (const [i, bytes] of mutants(RUNS, SEED).entries()) {
      let out: RunOutput | undefined;
      const input = decodeUtf8(bytes);
      expect(() => (out = input.problem ? failedBeforeDecode([input.problem]) : runFunctionSafely(input.text))).not.toThrow();
      const o = out as RunOutput;
      const { itemTexts, results } = expectResourceList(o.text);
      expect(o.failed).toBe(results.some((r) => r.severity === 'error'));
      expect({ mutant: i, internal: results.filter((r) => /internal error/.test(r.message)) }).toEqual({ mutant: i, internal: [] });
      if (input.text === undefined) continue;
      if (o.failed) {
        // On error, every item as it came (when there were items to give back): the output is
        // then as valid as the input, around results that parsed above.
        if (itemTexts.length > 0) expect(itemTexts).toEqual(decode(input.text).items.map((it) => it.chunk.text));
      } else if (parseDocument(input.text.replace(/^\ufeff/, '')).errors.length === 0) {
        // Valid YAML in, valid YAML out.
        expect({ mutant: i, errors: parseDocument(o.text).errors.map((e) => e.message) }).toEqual({ mutant: i, errors: [] });
      }
    }
  }, 20 * 60_000);
});

describe('mutation run, through the built executable', () => {
  beforeAll(requireBuild);

  test('20 mutants, one at a time: exit 0 or 1 (never killed as hung), a ResourceList on stdout, no stack trace', async () => {
    for (const [i, bytes] of mutants(20, SEED + 1).entries()) {
      const out = await runBin(bytes, {}, [], HANG_MS);
      expect({ mutant: i, signal: out.signal, status: out.status === 0 || out.status === 1 }).toEqual({ mutant: i, signal: null, status: true });
      expect(out.stderr).not.toMatch(/\n\s+at /);
      const { results } = expectResourceList(out.stdout);
      expect(out.status === 1).toBe(results.some((r) => r.severity === 'error'));
    }
  }, 20 * HANG_MS);
});
