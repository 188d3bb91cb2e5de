/**
 * The scanner must split items as a YAML parser does (issue 12, item 7): a quoted string whose
 * continuation lines are not indented runs, for a parser, into what the scanner reads as the next
 * item. Such input is an error, never an edit of text that is inside another item's string.
 */
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { runFunction } from '../pipeline';
import { endsInOpenQuote, hasQuoteOpenAtLineEnd, mayEndOpen } from './open-quotes';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const CONFIG = 'functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: x}\n  spec: {overlay: dev, image: "x:v2", configs: [template], ifMissing: ignore}\n';
const MANAGED = '- apiVersion: serving.kserve.io/v1alpha2\n  kind: LLMInferenceServiceConfig\n  metadata:\n    name: kserve-config-llm-prefill-template\n    namespace: kserve\n  spec:\n    prefill:\n      template:\n        containers:\n        - name: main\n          image: a:v1\n';
const cm = (name: string, data: string) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n${data}`;

describe('a quoted string that runs into the next item', () => {
  test.each([
    ['double-quoted', '    x: "start\n', '    y: end"\n'],
    ['single-quoted', "    x: 'start\n", "    y: end'\n"],
  ])('%s: an error at the item where it opens; the managed config between is not edited', (_t, open, close) => {
    const input = HEAD + cm('a', open) + MANAGED + cm('b', close) + CONFIG;
    const out = runFunction(input);
    expect(out.failed).toBe(true);
    expect(out.results[0]?.message).toMatch(/^input line 4: a quoted string in this item has no closing quote before the next item/);
    expect(out.text).not.toContain('x:v2\n        ');
  });

  test('properly indented multi-line strings, block scalars with quotes, and quotes in plain text are fine', () => {
    const data = '    a: "one\n      two"\n    b: |\n      echo "unbalanced\n      it\'s\n    c: it\'s 6" tall\n    d: \'x\'\'y\'\n';
    const out = runFunction(HEAD + cm('a', data) + MANAGED + CONFIG);
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
  });
});

describe('the screen has no false negatives', () => {
  test('whenever yaml finds only an unclosed quote, mayEndOpen said so (random lines)', () => {
    const piece = fc.constantFrom('a: ', '- ', '  ', '    ', '"', "'", "''", '\\"', 'x', ' ', '#', ' # c', '|', '>-', '[', '{', ', ', ']', '}', 'it\'s', 'k: |', 'k: "v"');
    const line = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const errors = parseDocument(text).errors;
        const missing = errors.some((e) => e.code === 'MISSING_CHAR' && /closing .?quote/i.test(e.message));
        // Text whose only fault is the open quote: the screen must see it. (Garbage with other
        // errors as well is rejected by yaml when the item is read, if it ever is.)
        if (missing && errors.length === 1) expect(mayEndOpen(text)).toBe(true);
        if (!missing) expect(endsInOpenQuote(text)).toBe(false);
        // The regex that runs before mayEndOpen is a necessary condition of it.
        if (mayEndOpen(text)) expect(hasQuoteOpenAtLineEnd(text)).toBe(true);
      }),
      { seed: Number(process.env.QUOTE_SEED ?? 5), numRuns: Number(process.env.QUOTE_RUNS ?? 2000) },
    );
  });

  test('block scalars skipped in one search end where yaml ends them (blank, CRLF, tab and space-only lines)', () => {
    // mayEndOpen jumps over a block scalar's content with one regex search (blockEnd): the
    // lines that end the content or not must be those yaml sees.
    const piece = fc.constantFrom('k: |', 'k: >-', '- |', '  k: |2', '"', "'", 'x', ' ', '  ', '    ', '\t', '\r', '# c', 'a: ', 'it\'s', 'k: "v"');
    const line = fc.array(piece, { maxLength: 5 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 8 }), fc.boolean(), (lines, crlf) => {
        const text = `${lines.join(crlf ? '\r\n' : '\n')}\n`;
        const errors = parseDocument(text).errors;
        const missing = errors.some((e) => e.code === 'MISSING_CHAR' && /closing .?quote/i.test(e.message));
        if (missing && errors.length === 1) expect(mayEndOpen(text)).toBe(true);
        if (!missing) expect(endsInOpenQuote(text)).toBe(false);
        // The regex that runs before mayEndOpen is a necessary condition of it.
        if (mayEndOpen(text)) expect(hasQuoteOpenAtLineEnd(text)).toBe(true);
      }),
      { seed: Number(process.env.QUOTE_SEED ?? 7), numRuns: Number(process.env.QUOTE_RUNS ?? 2000) },
    );
  });

  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('the line after a block scalar, at the header\'s indentation, is read for quotes (%s)', (_t, eol) => {
    const block = ['  k: |', '    it\'s "odd', '', '   ', '      deeper "still'].join(eol) + eol;
    expect(mayEndOpen(`${block}  x: "open${eol}`)).toBe(true);
    expect(mayEndOpen(`${block}  x: "closed"${eol}`)).toBe(false);
    expect(mayEndOpen(`${block}\tx: "open${eol}`)).toBe(true);
    expect(hasQuoteOpenAtLineEnd(`  x: "a\\" 'b''c' [d, "e"]${eol}`)).toBe(false);
    expect(hasQuoteOpenAtLineEnd(`  x: "a\\" 'b''c' [d, "e]${eol}`)).toBe(true);
    expect(hasQuoteOpenAtLineEnd(`  x: 'it''s${eol}`)).toBe(true);
    for (const x of ['[a,"b', '{a: 1,"b', '["b', '{"b', '\t"b', '"b']) {
      expect([x, mayEndOpen(`${x}${eol}`)]).toEqual([x, true]);
      expect([x, hasQuoteOpenAtLineEnd(`${x}${eol}`)]).toEqual([x, true]);
    }
    expect(hasQuoteOpenAtLineEnd(`  x: "ends in a backslash\\${eol}  y: z"${eol}`)).toBe(true);
  });
});
