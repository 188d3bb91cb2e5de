/**
 * `llm-prefill-fn preview [DIR|FILE|-]`: what vLLM will be started with. DIR is an overlay or kpt
 * package, rendered first with the file mode; FILE (or - for stdin) holds manifests or a
 * ResourceList. Without an argument, the embedded base configs with a sample service.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { readOverlay } from '../files/kustomization';
import { isKptPackage, readKptPackage } from '../files/kpt-package';
import { itemAsDocument, resourceListText } from '../files/stream';
import { decode } from '../krm/decode';
import { LIMITS } from '../krm/limits';
import { runFunction } from '../pipeline';
import { preview } from '../preview/preview';
import { formatResult, readStdin } from './krm-mode';

type Obj = Record<string, unknown>;

export async function runPreviewMode(arg: string | undefined): Promise<number> {
  let resources: Obj[];
  if (arg === undefined) resources = [];
  else if (arg !== '-' && existsSync(arg) && statSync(arg).isDirectory()) {
    const rendered = renderDir(arg);
    if (!rendered) return 1;
    resources = rendered;
  } else {
    let text: string;
    try {
      text = arg === '-' ? await readStdin() : readFileSync(arg, 'utf8');
    } catch (e) {
      process.stderr.write(`llm-prefill-fn: error: cannot read ${arg === '-' ? 'stdin' : arg}: ${(e as Error).message}\n`);
      return 1;
    }
    const read = documentsOf(text);
    if (typeof read === 'string') {
      process.stderr.write(`llm-prefill-fn: error: ${arg === '-' ? 'stdin' : arg}: ${read}\n`);
      return 1;
    }
    resources = read;
  }
  process.stdout.write(preview(resources));
  return 0;
}

function renderDir(dir: string): Obj[] | undefined {
  const overlay = isKptPackage(dir) && !existsSync(`${dir}/kustomization.yaml`) ? readKptPackage(dir) : readOverlay(dir);
  const out = runFunction(resourceListText(overlay.documents, overlay.functionConfig), process.env);
  for (const r of out.results.filter((x) => x.severity === 'error')) process.stderr.write(`llm-prefill-fn: error: ${formatResult(r)}\n`);
  if (out.failed) return undefined;
  return decode(out.text)
    .items.map((i) => documentsOf(itemAsDocument(i.chunk)))
    .flatMap((docs) => (typeof docs === 'string' ? [] : docs.slice(0, 1)));
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
