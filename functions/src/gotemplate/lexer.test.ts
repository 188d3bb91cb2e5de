import { lex, type Token } from './lexer';

const types = (tokens: Token[]): string[] => tokens.map((t) => (t.type === 'error' ? `error:${t.val}` : t.type));

describe('lex', () => {
  test('text, actions, fields, identifiers, literals', () => {
    const tokens = lex('a {{ ChildName .ObjectMeta.Name `-x` }} b');
    expect(types(tokens)).toEqual(['text', 'leftDelim', 'space', 'identifier', 'space', 'field', 'field', 'space', 'rawString', 'space', 'rightDelim', 'text', 'eof']);
    expect(tokens.filter((t) => t.type === 'field').map((t) => t.val)).toEqual(['.ObjectMeta', '.Name']);
    expect(tokens[1].pos).toBe(2);
  });

  test('keywords, variables, declarations, pipes, parentheses', () => {
    const tokens = lex('{{ if $x := (len .A) | not }}{{ else }}{{ end }}');
    expect(types(tokens).filter((t) => t !== 'space')).toEqual([
      'leftDelim', 'if', 'variable', 'declare', 'leftParen', 'identifier', 'field', 'rightParen', 'pipe', 'identifier', 'rightDelim',
      'leftDelim', 'else', 'rightDelim', 'leftDelim', 'end', 'rightDelim', 'eof',
    ]);
  });

  test('numbers, strings, booleans, nil, dot, characters', () => {
    const tokens = lex(`{{ 1 -2 0x1F 1.5e3 "a\\"b" 'c' true nil . }}`);
    expect(types(tokens).filter((t) => t !== 'space')).toEqual(['leftDelim', 'number', 'number', 'number', 'number', 'string', 'charConstant', 'bool', 'nil', 'dot', 'rightDelim', 'eof']);
  });

  test('trim markers remove white space (spaces, tabs, line breaks) beside the action', () => {
    const tokens = lex('a \n\t{{- .X -}} \n b');
    expect(tokens.map((t) => [t.type, t.val])).toEqual([
      ['text', 'a'],
      ['leftDelim', '{{'],
      ['field', '.X'],
      ['rightDelim', '}}'],
      ['text', 'b'],
      ['eof', ''],
    ]);
    expect(tokens[1].trim).toBe(true);
    expect(tokens[3].trim).toBe(true);
  });

  test('a dash without white space is not a trim marker', () => {
    expect(types(lex('{{-3}}'))).toEqual(['leftDelim', 'number', 'rightDelim', 'eof']);
    expect(types(lex('{{-x}}'))).toEqual(['leftDelim', 'error:bad number syntax: "-x"']);
    expect(types(lex('{{ .X-}}'))).toEqual(['leftDelim', 'space', "error:bad character U+002D '-'"]);
  });

  test('comments are dropped (and may trim)', () => {
    expect(lex('a {{/* c */}} b').map((t) => t.val)).toEqual(['a ', '/* c */', ' b', '']);
    expect(lex('a {{- /* c */ -}} b').filter((t) => t.type === 'text').map((t) => t.val)).toEqual(['a', 'b']);
    expect(types(lex('{{/* c '))).toEqual(['error:unclosed comment']);
    expect(types(lex('{{/* c */ }}'))).toEqual(['error:comment ends before closing delimiter']);
  });

  test('lexing errors end the token list', () => {
    expect(types(lex('{{ .A')).pop()).toBe('error:unclosed action');
    expect(types(lex('{{ "abc }}')).pop()).toBe('error:unterminated quoted string');
    expect(types(lex('{{ `abc }}')).pop()).toBe('error:unterminated raw quoted string');
    expect(types(lex('{{ (.A }}')).pop()).toBe('error:unclosed left paren');
    expect(types(lex('{{ .A) }}')).pop()).toBe('error:unexpected right paren');
    expect(types(lex('{{ : }}')).pop()).toBe('error:expected :=');
    expect(types(lex('{{ € }}')).pop()).toBe("error:unrecognized character in action: U+20AC '€'");
    expect(types(lex('{{ é€ }}')).pop()).toBe("error:bad character U+20AC '€'");
  });

  test('an error token keeps the offset of the action it is in', () => {
    const t = lex('xx {{ .A').pop() as Token;
    expect(t.actionPos).toBe(3);
  });
});
