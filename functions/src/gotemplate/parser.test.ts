import type { ActionNode, IfNode, RangeNode } from './ast';
import { TemplateFailure } from './errors';
import { GO_BUILTINS, parseTemplate } from './parser';

const FUNCS = new Set([...GO_BUILTINS, 'ChildName', 'kvTransferConfig', 'shutdownTimeout']);

function parse(text: string) {
  return parseTemplate(text, { functions: FUNCS });
}

function parseError(text: string): { offset: number; message: string } {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof TemplateFailure) return { offset: e.offset, message: e.message };
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe('parseTemplate', () => {
  test('actions, pipelines, fields and function calls', () => {
    const t = parse('x{{ .Spec.Model.Name | printf `%s` }}y');
    expect(t.root.nodes.map((n) => n.kind)).toEqual(['text', 'action', 'text']);
    const action = t.root.nodes[1] as ActionNode;
    expect(action.delimPos).toBe(1);
    expect(action.pipe.cmds).toHaveLength(2);
    expect(action.pipe.cmds[0].args[0]).toMatchObject({ kind: 'field', ident: ['Spec', 'Model', 'Name'] });
    expect(action.pipe.cmds[1].args.map((a) => a.kind)).toEqual(['identifier', 'string']);
  });

  test('if / else if / else / end is one node with a nested if in the else list', () => {
    const t = parse('{{ if .A }}a{{ else if .B }}b{{ else }}c{{ end }}');
    const n = t.root.nodes[0] as IfNode;
    expect(n.kind).toBe('if');
    expect(n.elseList?.nodes[0]).toMatchObject({ kind: 'if' });
    expect((n.elseList?.nodes[0] as IfNode).elseList?.nodes[0]).toMatchObject({ kind: 'text', text: 'c' });
  });

  test('range with two variables, with, variables, parenthesised pipelines, chains', () => {
    const t = parse('{{ range $i, $c := .L }}{{ $i }}{{ $c.Name }}{{ end }}{{ with $x := (index .L 0) }}{{ $x }}{{ (.A).B }}{{ end }}');
    const r = t.root.nodes[0] as RangeNode;
    expect(r.pipe.decl.map((d) => d.ident[0])).toEqual(['$i', '$c']);
    expect(t.root.nodes[1]).toMatchObject({ kind: 'with' });
  });

  test('comments and trim markers', () => {
    const t = parse('a {{- /* note */ -}} b {{- 1 -}} c');
    expect(t.root.nodes.map((n) => (n.kind === 'text' ? n.text : n.kind))).toEqual(['a', 'comment', 'b', 'action', 'c']);
  });

  test('numbers: ints, floats, hex, octal, characters', () => {
    const t = parse('{{ 15 }}{{ 1.5 }}{{ 0x1F }}{{ 010 }}{{ \'a\' }}');
    const values = t.root.nodes.map((n) => ((n as ActionNode).pipe.cmds[0].args[0] as { value: number }).value);
    expect(values).toEqual([15, 1.5, 31, 8, 97]);
  });

  test.each([
    ['{{ .Spec', 0, 'unclosed action'],
    ['ab {{ if .A }}x', 3, 'unexpected EOF: missing {{end}} for {{if}} at line 1'],
    ['{{ range .L }}{{ with .A }}\n{{ end }}', 0, 'unexpected EOF: missing {{end}} for {{range}} at line 1'],
    ['x\n{{ end }}', 5, 'unexpected {{end}}'],
    ['{{ else }}', 3, 'unexpected {{else}}'],
    ['{{ if .A }}{{ else }}{{ else }}{{ end }}', 24, 'expected end; found {{else}}'],
    ['{{ Foo .A }}', 3, 'function "Foo" not defined'],
    ['{{ $x }}', 3, 'undefined variable "$x"'],
    ['{{ if .A }}{{ $x := 1 }}{{ end }}{{ $x }}', 36, 'undefined variable "$x"'],
    ['{{ }}', 3, 'missing value for command'],
    ['{{ if }}{{ end }}', 6, 'missing value for if'],
    ['{{ .A | 1 }}', 8, 'non executable command in pipeline stage 2'],
    ['{{ break }}', 3, '{{break}} outside {{range}}'],
    ['{{-x }}', 2, 'bad number syntax: "-x"'],
    ['{{ .X-}}', 3, "bad character U+002D '-'"],
    ['{{ /* c */ }}', 3, 'unexpected "/" in command'],
    ['{{/* c }}', 0, 'unclosed comment'],
    ['{{ "a\\q" }}', 3, 'invalid syntax'],
    ['{{ 1 . }}', 3, "can't give argument to non-function 1"],
    ['{{ define "x" }}{{ end }}', 3, '{{define}} is not supported'],
  ])('%j fails at %i: %s', (text, offset, message) => {
    if (message.startsWith("can't give")) {
      // Go accepts this at parse time and fails at execution.
      expect(() => parse(text)).not.toThrow();
      return;
    }
    expect(parseError(text)).toEqual({ offset, message });
  });

  test("functions: 'any' accepts every identifier (the linter reports them)", () => {
    expect(() => parseTemplate('{{ Foo 1 }}', { functions: 'any' })).not.toThrow();
  });
});
