/**
 * `llm-prefill-fn init DIR [--from ENV|DIR]`: a new overlay in one command. DIR gets a
 * kustomization.yaml and a PrefillOverlay with a yaml-language-server modeline, written new or
 * copied from another overlay. Nothing is overwritten: a DIR that already holds one of the files
 * is an error, and every file is checked before the first one is written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { IMAGE, VERSION } from './help';
import { InitError, newKustomization, newPrefillOverlay, overlayNameProblem, rebasedKustomization, renamedPrefillOverlay, SCHEMA_PATH } from './init-files';

export interface InitArgs {
  dir: string;
  from?: string;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const CONFIG_FILE = 'prefill-overlay.yaml';

export function parseInitArgs(args: readonly string[]): InitArgs | string {
  const out: Partial<InitArgs> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--from') {
      const value = args[++i];
      if (value === undefined) return '--from needs an overlay: a name beside DIR (prod) or a directory';
      out.from = value;
    } else if (arg.startsWith('--from=')) out.from = arg.slice('--from='.length);
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (out.dir === undefined) out.dir = arg;
    else return `unexpected argument ${arg}`;
  }
  if (out.dir === undefined) return 'init needs the directory of the new overlay, e.g. overlays/gpu-west';
  return out as InitArgs;
}

export function runInitMode(args: InitArgs): number {
  try {
    const files = args.from === undefined ? newOverlayFiles(args.dir) : copiedOverlayFiles(args.from, args.dir);
    writeAll(args.dir, files);
    const shown = [...files.keys()].map((f) => display(join(args.dir, f)));
    process.stdout.write(`llm-prefill-fn: wrote ${shown.join(', ')}${args.from === undefined ? '' : ` (from ${display(sourceDir(args.from, args.dir))})`}\n`);
    process.stdout.write(`next: edit ${display(join(args.dir, CONFIG_FILE))}, then llm-prefill-fn render ${display(args.dir)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof InitError)) throw e;
    process.stderr.write(`llm-prefill-fn: error: ${e.message}\n`);
    return 1;
  }
}

/** File name (relative to DIR) -> text. */
type Files = Map<string, string>;

function newOverlayFiles(dir: string): Files {
  const name = overlayName(dir);
  return new Map([
    ['kustomization.yaml', newKustomization(name, baseAbove(dir))],
    [CONFIG_FILE, newPrefillOverlay(name, schemaRef(dir), `${IMAGE}:v${VERSION}`)],
  ]);
}

/** Every file of the source overlay; its kustomization re-based and its PrefillOverlay renamed. */
function copiedOverlayFiles(from: string, dir: string): Files {
  const name = overlayName(dir);
  const source = sourceDir(from, dir);
  const kustomizationFile = KUSTOMIZATION_FILES.find((f) => existsSync(join(source, f))) as string;
  const configFile = prefillOverlayOf(source, kustomizationFile);
  const files: Files = new Map();
  for (const file of filesBelow(source)) files.set(file, readFileSync(join(source, file), 'utf8'));
  const renamed = renamedPrefillOverlay(files.get(configFile) as string, display(join(source, configFile)), name, schemaRef(dirname(join(dir, configFile))));
  files.set(configFile, renamed.text);
  const rebase = (entry: string): string | undefined => {
    const target = resolve(source, entry);
    if (isInside(target, source)) return undefined;
    return posix(relative(resolve(dir), target)) || '.';
  };
  files.set(kustomizationFile, rebasedKustomization(files.get(kustomizationFile) as string, display(join(source, kustomizationFile)), rebase, renamed.from, name));
  return files;
}

/** --from ENV is a directory beside DIR; anything else a path. It must hold an overlay. */
function sourceDir(from: string, dir: string): string {
  const candidates = from.includes('/') || from.includes(sep) || from === '.' || from === '..' ? [resolve(from)] : [resolve(dirname(resolve(dir)), from), resolve(from)];
  const found = candidates.find((c) => KUSTOMIZATION_FILES.some((f) => existsSync(join(c, f))));
  if (!found) throw new InitError(`--from ${from}: no overlay at ${display(candidates[0])} (a directory with a kustomization.yaml)`);
  if (resolve(found) === resolve(dir)) throw new InitError(`--from ${from}: that is ${display(dir)} itself`);
  return found;
}

/** The PrefillOverlay file among the source kustomization's transformers. */
function prefillOverlayOf(source: string, kustomizationFile: string): string {
  let k: unknown;
  try {
    k = parse(readFileSync(join(source, kustomizationFile), 'utf8'));
  } catch (e) {
    throw new InitError(`${display(join(source, kustomizationFile))}: ${(e as Error).message.split('\n')[0]}`);
  }
  const transformers = k && typeof k === 'object' && Array.isArray((k as { transformers?: unknown }).transformers) ? ((k as { transformers: unknown[] }).transformers as unknown[]) : [];
  for (const entry of transformers) {
    if (typeof entry !== 'string') continue;
    const file = resolve(source, entry);
    if (!isInside(file, source) || !existsSync(file) || !statSync(file).isFile()) continue;
    if (/^kind:\s*PrefillOverlay\s*$/m.test(readFileSync(file, 'utf8'))) return posix(relative(source, file));
  }
  throw new InitError(`${display(join(source, kustomizationFile))}: no PrefillOverlay among its transformers (in the overlay's directory) to copy`);
}

function overlayName(dir: string): string {
  const name = basename(resolve(dir));
  const problem = overlayNameProblem(name);
  if (problem) throw new InitError(`${display(dir)}: ${problem}`);
  return name;
}

/**
 * The $schema reference for a file in `dir`: relative to the schema of this repository (or a
 * fork) or of an installed package above it, else the schema's URL for this version.
 */
function schemaRef(dir: string): string {
  for (const ancestor of ancestors(resolve(dir))) {
    for (const candidate of [join(ancestor, SCHEMA_PATH), join(ancestor, 'node_modules/llm-prefill-fn', SCHEMA_PATH)]) {
      if (existsSync(candidate)) return posix(relative(resolve(dir), candidate));
    }
  }
  return `https://raw.githubusercontent.com/llm-prefill/llm-prefill-fn/v${VERSION}/${SCHEMA_PATH}`;
}

/** The relative path from `dir` to the nearest base/ kustomization above it, if any. */
function baseAbove(dir: string): string | undefined {
  for (const ancestor of ancestors(dirname(resolve(dir)))) {
    const base = join(ancestor, 'base');
    if (KUSTOMIZATION_FILES.some((f) => existsSync(join(base, f)))) return posix(relative(resolve(dir), base));
    // The repository's root is as far as a base can be.
    if (existsSync(join(ancestor, '.git'))) return undefined;
  }
  return undefined;
}

function* ancestors(dir: string): Generator<string> {
  for (let at = dir; ; at = dirname(at)) {
    yield at;
    if (dirname(at) === at) return;
  }
}

/** The files below `dir`, relative, with / separators. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return filesBelow(dir, rel);
    return e.isFile() ? [rel] : [];
  });
}

/** Checks every file first, then writes them all: a refused init writes nothing. */
function writeAll(dir: string, files: Files): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InitError(`${display(dir)} exists and is not a directory`);
  const present = [...new Set([...files.keys(), ...KUSTOMIZATION_FILES])].filter((f) => existsSync(join(dir, f)));
  if (present.length > 0) throw new InitError(`${display(dir)} already has ${present.join(', ')}: nothing was written (init never overwrites)`);
  for (const [file, text] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text, { flag: 'wx' });
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/** A path as the user would type it: relative to the working directory when below it. */
function display(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? posix(rel) : resolve(path);
}
