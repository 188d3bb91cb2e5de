/**
 * `llm-prefill-fn preview [--tls on|off] [--kserve-version V] [DIR|FILE|-]`: what vLLM will be
 * started with. DIR is an overlay or kpt package, rendered first with the file mode (its
 * PrefillOverlay's spec.kserve.version is the release); FILE (or - for stdin) holds manifests or
 * a ResourceList. Without an argument, the embedded base configs with a sample service.
 * `--tls`: the controller's enableLLMInferenceServiceTLS (default off, as KServe ships it).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { readOverlay } from '../files/kustomization';
import { isKptPackage, readKptPackage } from '../files/kpt-package';
import { itemAsDocument, resourceListText } from '../files/stream';
import { decode } from '../krm/decode';
import { LIMITS } from '../krm/limits';
import { isReleaseName, RELEASE_NAMES, releaseOf, type ReleaseName } from '../kserve/releases';
import { runFunction } from '../pipeline';
import { preview } from '../preview/preview';
import { formatResult, readStdin } from './krm-mode';

type Obj = Record<string, unknown>;

export interface PreviewArgs {
  target?: string;
  tls: boolean;
  version?: ReleaseName;
}

/** The preview's arguments, or a usage message. */
export function parsePreviewArgs(argv: readonly string[]): PreviewArgs | string {
  const args: PreviewArgs = { tls: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tls') {
      const v = argv[++i];
      if (v !== 'on' && v !== 'off') return '--tls takes on or off';
      args.tls = v === 'on';
    } else if (a === '--kserve-version') {
      const v = argv[++i];
      if (!isReleaseName(v)) return `--kserve-version takes one of ${RELEASE_NAMES.join(', ')}`;
      args.version = v;
    } else if (args.target === undefined && (a === '-' || !a.startsWith('-'))) args.target = a;
    else return 'preview takes one argument: an overlay directory, a file, or - for stdin (options: --tls on|off, --kserve-version V)';
  }
  return args;
}

export async function runPreviewMode(args: PreviewArgs): Promise<number> {
  const arg = args.target;
  let resources: Obj[];
  let declared: ReleaseName | undefined;
  if (arg === undefined) resources = [];
  else if (arg !== '-' && existsSync(arg) && statSync(arg).isDirectory()) {
    const rendered = renderDir(arg);
    if (!rendered) return 1;
    resources = rendered.resources;
    declared = rendered.version;
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
  const version = args.version ?? declared;
  const releaseFrom = args.version ? '--kserve-version' : declared ? "the overlay's spec.kserve.version" : 'the default: the release the embedded base matches';
  process.stdout.write(preview(resources, { tls: args.tls, release: releaseOf(version), releaseFrom }));
  return 0;
}

function renderDir(dir: string): { resources: Obj[]; version?: ReleaseName } | undefined {
  const overlay = isKptPackage(dir) && !existsSync(`${dir}/kustomization.yaml`) ? readKptPackage(dir) : readOverlay(dir);
  const out = runFunction(resourceListText(overlay.documents, overlay.functionConfig), process.env);
  for (const r of out.results.filter((x) => x.severity === 'error')) process.stderr.write(`llm-prefill-fn: error: ${formatResult(r)}\n`);
  if (out.failed) return undefined;
  const list = decode(out.text);
  const resources = list.items.map((i) => documentsOf(itemAsDocument(i.chunk))).flatMap((docs) => (typeof docs === 'string' ? [] : docs.slice(0, 1)));
  return { resources, version: declaredVersion(list.functionConfig) };
}

function declaredVersion(functionConfig: unknown): ReleaseName | undefined {
  const fc = functionConfig as { spec?: { kserve?: { version?: unknown } }; data?: { kserveVersion?: unknown } } | undefined;
  const v = fc?.spec?.kserve?.version ?? fc?.data?.kserveVersion;
  return isReleaseName(v) ? v : undefined;
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
