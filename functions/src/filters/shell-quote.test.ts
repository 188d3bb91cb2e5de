import { shellJoin, shellQuote } from './shell-quote';
import { bashWords, EVAL_SCRIPT, HARD_WORDS } from './shell-test-kit';

describe('shellQuote', () => {
  test('safe words stay bare', () => {
    for (const w of ['--max-model-len', '8192', '0.97', '-O3', 'a=b', '/mnt/models', 'host:8000', 'a,b', 'x+y', 'user@host', '50%']) {
      expect(shellQuote(w)).toBe(w);
    }
  });

  test('other words are single-quoted, an embedded single quote as \'\\\'\'', () => {
    expect(shellQuote('{"kv_connector":"NixlConnector","kv_role":"kv_producer"}')).toBe(`'{"kv_connector":"NixlConnector","kv_role":"kv_producer"}'`);
    expect(shellQuote('two words')).toBe(`'two words'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe(`''`);
    expect(shellQuote('$HOME')).toBe(`'$HOME'`);
    expect(shellQuote('~')).toBe(`'~'`);
    expect(shellQuote('日本語')).toBe(`'日本語'`);
  });

  test('a NUL cannot be quoted', () => {
    expect(() => shellQuote('a\0b')).toThrow(RangeError);
  });

  test('shellJoin separates with single spaces', () => {
    expect(shellJoin(['--max-model-len', '8192', 'a b'])).toBe(`--max-model-len 8192 'a b'`);
    expect(shellJoin([])).toBe('');
  });

  test('bash gives every hard word back unchanged, through eval', () => {
    expect(bashWords(EVAL_SCRIPT, { VLLM_ADDITIONAL_ARGS: shellJoin(HARD_WORDS) })).toEqual(HARD_WORDS);
  });

  test('and each word on its own (no word leans on a neighbour)', () => {
    for (const w of HARD_WORDS) expect(bashWords(EVAL_SCRIPT, { VLLM_ADDITIONAL_ARGS: shellQuote(w) })).toEqual([w]);
  });

  test('the test itself can fail: unquoted words are split, globbed and expanded', () => {
    const words = ['a b', '*.txt', '$HOME'];
    expect(bashWords(EVAL_SCRIPT, { VLLM_ADDITIONAL_ARGS: words.join(' ') })).toEqual(['a', 'b', 'x.txt', 'y.txt', '/home/tester']);
  });
});
