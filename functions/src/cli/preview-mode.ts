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
    const text = arg === '-' ? await readStdin() : readFileSync(arg, 'utf8');
    resources = documentsOf(text);
  }
  process.stdout.write(preview(resources));
  return 0;
}

function renderDir(dir: string): Obj[] | undefined {
  const overlay = isKptPackage(dir) && !existsSync(`${dir}/kustomization.yaml`) ? readKptPackage(dir) : readOverlay(dir);
  const out = runFunction(resourceListText(overlay.documents, overlay.functionConfig), process.env);
  for (const r of out.results.filter((x) => x.severity === 'error')) process.stderr.write(`llm-prefill-fn: error: ${formatResult(r)}\n`);
  if (out.failed) return undefined;
  return decode(out.text).items.map((i) => documentsOf(itemAsDocument(i.chunk))[0]).filter(Boolean);
}

function documentsOf(text: string): Obj[] {
  const docs = parseAllDocuments(text).map((d) => d.toJS() as unknown);
  const list = docs.length === 1 ? (docs[0] as Obj | null) : null;
  const values = list && list.kind === 'ResourceList' && Array.isArray(list.items) ? (list.items as unknown[]) : docs;
  return values.filter((v): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v));
}
