/**
 * The kubelet's expansion of container env values (and command/args), as Kubernetes does it
 * (third_party/forked/golang/expansion): `$$` is `$`, `$(NAME)` is NAME's value when NAME is
 * defined (an env entry before this one), else kept as written; any other `$` stays. Pipeline
 * variables in env values are written with every `$` doubled (substitute.ts), so that this gives
 * back the value.
 */
export function kubeletExpand(text: string, vars: Readonly<Record<string, string>>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$' || i + 1 >= text.length) {
      out += text[i];
      continue;
    }
    const next = text[i + 1];
    const close = next === '(' ? text.indexOf(')', i + 2) : -1;
    if (next === '$') out += '$';
    else if (close >= 0) {
      const name = text.slice(i + 2, close);
      out += Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : `$(${name})`;
      i = close - 1;
    } else out += `$${next}`;
    i++;
  }
  return out;
}

