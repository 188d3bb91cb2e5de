/**
 * `llm-prefill-fn preview [--tls on|off] [--kserve-version V] [DIR|FILE|-]`: what vLLM will be
 * started with. DIR is an overlay or kpt package, rendered first by `render` (the real engine; its
 * PrefillOverlay's spec.kserve.version is the release); FILE (or - for stdin) holds manifests or
 * a ResourceList. Without an argument, the embedded base configs with a sample service.
 * `--tls`: the controller's enableLLMInferenceServiceTLS (default off, as KServe ships it).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { RenderError } from '../files/engine';
import { renderDir } from '../files/render-dir';
import { LIMITS } from '../krm/limits';
import { isReleaseName, RELEASE_NAMES, releaseOf, type ReleaseName } from '../kserve/releases';
import { declaredRelease } from '../files/declared-release';
import { error, type Result } from '../krm/results';
import { preview } from '../preview/preview';
import { readStdin } from './krm-mode';
import { findingLine, outcomeLine, stderrStyle } from './report';

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
    const rendered = renderedResources(arg);
    if (!rendered) return 1;
    resources = rendered;
    declared = declaredRelease(arg);
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
  const version = args.version ?? declared;
  const releaseFrom = args.version ? '--kserve-version' : declared ? "the overlay's spec.kserve.version" : 'the default: the release the embedded base matches';
  process.stdout.write(preview(resources, { tls: args.tls, release: releaseOf(version), releaseFrom }));
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
