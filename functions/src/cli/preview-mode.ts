/**
 * `llm-prefill-fn preview [DIR|FILE|-]`: what vLLM will be started with. DIR is an overlay or kpt
 * package, rendered first by `render` (the real engine); FILE (or - for stdin) holds manifests or a
 * ResourceList. Without an argument, the embedded base configs with a sample service.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { RenderError } from '../files/engine';
import { renderDir } from '../files/render-dir';
import { LIMITS } from '../krm/limits';
import { error, type Result } from '../krm/results';
import { preview } from '../preview/preview';
import { readStdin } from './krm-mode';
import { findingLine, outcomeLine, stderrStyle } from './report';

type Obj = Record<string, unknown>;

export async function runPreviewMode(arg: string | undefined): Promise<number> {
  let resources: Obj[];
  if (arg === undefined) resources = [];
  else if (arg !== '-' && existsSync(arg) && statSync(arg).isDirectory()) {
    const rendered = renderedResources(arg);
    if (!rendered) return 1;
    resources = rendered;
  } else {
    let text: string;
    try {
      text = arg === '-' ? await readStdin() : readFileSync(arg, 'utf8');
    } catch (e) {
      return failWith([error(`cannot read ${arg === '-' ? 'stdin' : arg}: ${(e as Error).message}`)]);
    }
    const read = documentsOf(text);
    if (typeof read === 'string') return failWith([error(`${arg === '-' ? 'stdin' : arg}: ${read}`)]);
    resources = read;
  }
  process.stdout.write(preview(resources));
  return 0;
}

/** The overlay or package rendered by `render`'s engine; undefined (reported) on an error. */
function renderedResources(dir: string): Obj[] | undefined {
  let rendered;
  try {
    rendered = renderDir({ dir });
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    failWith([error(e.message)]);
    return undefined;
  }
  const errors = rendered.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    failWith(errors);
    return undefined;
  }
  return rendered.manifests.map((m) => documentsOf(m.text)).flatMap((docs) => (typeof docs === 'string' ? [] : docs.slice(0, 1)));
}

/** The errors, one line each, and the FAILED line last; exit code 1. */
function failWith(errors: readonly Result[]): number {
  const style = stderrStyle();
  for (const r of errors) process.stderr.write(`llm-prefill-fn: ${findingLine(r, style)}\n`);
  process.stderr.write(`llm-prefill-fn: ${outcomeLine(errors, style)}\n`);
  return 1;
}

/** The resources of a YAML stream or ResourceList, or a message saying why it cannot be read. */
function documentsOf(text: string): Obj[] | string {
  const parsed = parseAllDocuments(text, { prettyErrors: true });
  const all = Array.isArray(parsed) ? parsed : [];
  const error = all.flatMap((d) => d.errors)[0];
  if (error) return error.message.split('\n')[0].replace(/:$/, '');
  let docs: unknown[];
  try {
    docs = all.map((d) => d.toJS({ maxAliasCount: LIMITS.aliasCount }) as unknown);
  } catch (e) {
    return (e as Error).message;
  }
  const list = docs.length === 1 ? (docs[0] as Obj | null) : null;
  const values = list && list.kind === 'ResourceList' && Array.isArray(list.items) ? (list.items as unknown[]) : docs;
  return values.filter((v): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v));
}
