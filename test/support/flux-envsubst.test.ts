/**
 * The model of Flux's post-build substitution against the measured table of gitops.md, one test
 * per row (only MODEL is defined, as in the measurement), then the edges the escaping relies on.
 */
import { fluxSubstitute, type FluxResult } from './flux-envsubst';

const VARS = { MODEL: 'llama-3' } as const;
const both = (text: string): [FluxResult, FluxResult] => [fluxSubstitute(text, VARS, false), fluxSubstitute(text, VARS, true)];
const ok = (text: string): FluxResult => ({ ok: true, text });
const failsWith = (message: string): FluxResult => ({ ok: false, error: expect.stringContaining(message) });

describe('the table of gitops.md (only MODEL defined)', () => {
  test('`${MODEL}` -> value | value', () => {
    expect(both('model=${MODEL}!')).toEqual([ok('model=llama-3!'), ok('model=llama-3!')]);
  });

  test('`$MODEL` (no braces) -> unchanged | unchanged', () => {
    expect(both('model=$MODEL')).toEqual([ok('model=$MODEL'), ok('model=$MODEL')]);
  });

  test('`${DP_ADDRESS}` -> empty string | error', () => {
    expect(both('--data-parallel-address ${DP_ADDRESS} x')).toEqual([ok('--data-parallel-address  x'), failsWith('variable not set (strict mode): "DP_ADDRESS"')]);
  });

  test('`${NCCL_IB_HCA:-${list}}` -> empty, the inner one parsed too | error', () => {
    expect(both('export NCCL_IB_HCA=${NCCL_IB_HCA:-${list}};')).toEqual([ok('export NCCL_IB_HCA=;'), failsWith('variable not set (strict mode): "list"')]);
  });

  test('`${#arr[@]}` -> error "bad substitution" | error', () => {
    expect(both('if [ ${#arr[@]} -eq 0 ]')).toEqual([failsWith('bad substitution'), failsWith('bad substitution')]);
  });

  test('`${!map[@]}` -> error "unable to parse variable name" | error', () => {
    expect(both('for idx in "${!map[@]}"; do')).toEqual([failsWith('unable to parse variable name'), failsWith('unable to parse variable name')]);
  });

  test('`${arr[@]}` -> error "missing closing brace" | error', () => {
    expect(both('printf "%s" "${arr[@]}"')).toEqual([failsWith('missing closing brace'), failsWith('missing closing brace')]);
  });

  test('`$((1 + 2))`, `$(hostname)`, `$(LWS_LEADER_ADDRESS)` -> unchanged | unchanged', () => {
    const text = 'n=$((1 + 2)) h=$(hostname) --address $(LWS_LEADER_ADDRESS)';
    expect(both(text)).toEqual([ok(text), ok(text)]);
  });

  test('`$$` -> `$` | `$`', () => {
    expect(both('pid=$$ twice=$$$$')).toEqual([ok('pid=$ twice=$$'), ok('pid=$ twice=$$')]);
  });

  test('`$${anything}` -> `${anything}` (nested ones need their own `$$`) | no error', () => {
    expect(both('$${#arr[@]} $${UNSET} $${!map[@]}')).toEqual([ok('${#arr[@]} ${UNSET} ${!map[@]}'), ok('${#arr[@]} ${UNSET} ${!map[@]}')]);
    // Only the outer `${` is escaped: the nested one is still a reference.
    expect(both('$${A:-${MODEL}}')).toEqual([ok('${A:-llama-3}'), ok('${A:-llama-3}')]);
    expect(both('$${A:-$${B}}')).toEqual([ok('${A:-${B}}'), ok('${A:-${B}}')]);
  });

  test('`\\${X}` -> the backslash does not escape', () => {
    expect(both('\\${MODEL} \\${X}')).toEqual([ok('\\llama-3 \\'), failsWith('variable not set (strict mode): "X"')]);
  });

  test('`{{ ... }}` -> unchanged | unchanged', () => {
    const text = "{{ .Spec.Model.Name }} {{ ChildName .ObjectMeta.Name `-kserve-self-signed-certs` }} {{- if .X }}{{ end }}";
    expect(both(text)).toEqual([ok(text), ok(text)]);
  });

  test('`${var:=default}` / `${var:-default}` use the default when var is unset, strict too', () => {
    expect(both('${PORT:=8000} ${HOST:-0.0.0.0} ${MODEL:-other}')).toEqual([ok('8000 0.0.0.0 llama-3'), ok('8000 0.0.0.0 llama-3')]);
  });
});

describe('the other rules of the model', () => {
  test('runs of `$` are read in pairs from the left; an odd last `$` opens a reference only before `{`', () => {
    expect(fluxSubstitute('$$$ $$$MODEL $$${MODEL} $$$${MODEL} end$', VARS, true)).toEqual(ok('$$ $$MODEL $llama-3 $${MODEL} end$'));
    expect(fluxSubstitute('$', VARS, true)).toEqual(ok('$'));
  });

  test('inside a default `$$` is no escape and `${` is always a reference', () => {
    expect(fluxSubstitute('${A:-$$x}', {}, true)).toEqual(ok('$$x'));
    expect(fluxSubstitute('${A:-$${MODEL}}', VARS, true)).toEqual(ok('$llama-3'));
  });

  test('a default is used when the value is empty, and its parts are joined', () => {
    expect(fluxSubstitute('${E:-a${MODEL}b} ${E:=x} ${E=y} ${E:+z} ${E:?w}', { ...VARS, E: '' }, true)).toEqual(ok('allama-3b x y z w'));
    expect(fluxSubstitute('${A:-${B:-${C:-deep}}}', {}, true)).toEqual(ok('deep'));
  });

  test('nested references are evaluated even when the default is not used', () => {
    expect(fluxSubstitute('${MODEL:-${UNSET}}', VARS, true)).toEqual(failsWith('"UNSET"'));
  });

  test('`${#NAME}` is the length; unset is an error in strict mode', () => {
    expect(both('${#MODEL}')).toEqual([ok('7'), ok('7')]);
    expect(fluxSubstitute('${#X}', {}, true)).toEqual(failsWith('variable not set'));
  });

  test('malformed references fail the whole text, even after a good one', () => {
    for (const [text, error] of [
      ['${MODEL} ${', 'unable to parse variable name'],
      ['${}', 'unable to parse variable name'],
      ['${MODEL', 'missing closing brace'],
      ['${X-y}', 'missing closing brace'],
      ['${#}', 'bad substitution'],
      ['${X:-abc', 'unable to parse substitution within function'],
    ]) {
      expect([text, fluxSubstitute(text as string, VARS, false)]).toEqual([text, failsWith(error as string)]);
    }
  });

  test('operators it does not model are errors, never a silent pass', () => {
    for (const text of ['${MODEL,,}', '${MODEL^^}', '${MODEL:1}', '${MODEL/a/b}', '${MODEL#l}', '${MODEL%3}']) {
      expect(fluxSubstitute(text, VARS, false)).toEqual(failsWith('not modelled'));
    }
  });

  test('values lose their newlines; variable names must be valid', () => {
    expect(fluxSubstitute('${M}', { M: 'a\nb' }, true)).toEqual(ok('ab'));
    expect(fluxSubstitute('x', { '1BAD': 'v' }, false)).toEqual(failsWith('var name is invalid'));
  });
});
