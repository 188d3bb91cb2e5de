/**
 * The text of the files `llm-prefill-fn init` writes: pure functions over file texts, so that
 * init-mode.ts only reads and writes. A copied overlay is edited in place (only the scalars that
 * change are replaced in the text), so its comments, key order and quoting stay as they were.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from 'yaml';

/** Where the schema sits in this repository and in the npm package (package.json "files"). */
export const SCHEMA_PATH = 'functions/src/config/prefill-overlay.schema.json';
export const MODELINE_PREFIX = '# yaml-language-server: $schema=';

/** The rule of spec.overlay in the schema (a DNS label), with its hint. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` cannot name an overlay, or undefined when it can. */
export function overlayNameProblem(name: string): string | undefined {
  if (name.length <= 63 && DNS_LABEL.test(name)) return undefined;
  return `"${name}" cannot name an overlay: it must be a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`;
}

export function modeline(schemaRef: string): string {
  return `${MODELINE_PREFIX}${schemaRef}`;
}

/** The kustomization of a new overlay; `base` is the path to a base kustomization, if one was found. */
export function newKustomization(name: string, base: string | undefined): string {
  const resources = base
    ? `resources:\n  - ${base}\n`
    : '# No base/ was found above this directory: list your resources here. The function adds\n' +
      "# KServe's two prefill configs itself when they are missing (spec.ifMissing: add).\n" +
      'resources: []\n';
  return `# The ${name} environment: KServe's prefill configs${base ? ` from ${base}` : ''}, set up for ${name} by llm-prefill-fn.
# llm-prefill-fn render .    (no kustomize or Docker needed)
# kubectl kustomize --enable-alpha-plugins .    (container form, needs Docker)
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${resources}transformers:
  - prefill-overlay.yaml
`;
}

/** The PrefillOverlay of a new overlay: the container form, and the main fields as comments. */
export function newPrefillOverlay(name: string, schemaRef: string, image: string): string {
  return `${modeline(schemaRef)}
# How ${name} runs prefill. Every field: llm-prefill-fn help, or docs/config-reference.md.
apiVersion: fn.llm-prefill.dev/v1alpha1
kind: PrefillOverlay
metadata:
  name: ${name}
  annotations:
    # Container form, run by kubectl kustomize and by kustomize without --enable-exec.
    # For standalone kustomize with --enable-alpha-plugins --enable-exec, use the exec form:
    #   config.kubernetes.io/function: |
    #     exec:
    #       path: <the path of llm-prefill-fn, relative to this directory>
    config.kubernetes.io/function: |
      container:
        image: ${image}
spec:
  overlay: ${name}
  # image: ghcr.io/llm-d/llm-d-cuda:v0.9.0
  # env: {VLLM_LOGGING_LEVEL: INFO}
  # resources: {gpus: 1, memory: 64Gi}
  # sharedMemory: 2Gi
  # parallelism: {data: 1, dataLocal: 1, tensor: 1}
  # replicas: 1
`;
}

export class InitError extends Error {}

/** A replacement of the text at [from, to). */
interface Splice {
  from: number;
  to: number;
  text: string;
}

function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.from - a.from)) out = out.slice(0, s.from) + s.text + out.slice(s.to);
  return out;
}

/** A scalar's new source text, in the style it had (plain where plain reads back the same). */
function scalarText(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (node.type === Scalar.QUOTE_DOUBLE || !/^[A-Za-z0-9_.\/][A-Za-z0-9_.\/-]*$/.test(value)) return JSON.stringify(value);
  return value;
}

function replaceScalar(node: Node | null | undefined, value: string, what: string): Splice {
  if (!isScalar(node) || !node.range) throw new InitError(`${what} is not a plain value`);
  return { from: node.range[0], to: node.range[1], text: scalarText(node, value) };
}

function documents(text: string, file: string): Document[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new InitError(`${file}: not YAML`);
  for (const doc of docs) if (doc.errors.length > 0) throw new InitError(`${file}: ${doc.errors[0].message.split('\n')[0]}`);
  return docs;
}

/** Replaces the old overlay name as a word in full-line comments (`# How prod runs prefill.`). */
function renameInComments(text: string, from: string, to: string): string {
  if (from === to || from === '') return text;
  const word = new RegExp(`(?<![-\\w])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![-\\w])`, 'g');
  return text
    .split('\n')
    .map((line) => (/^\s*#/.test(line) && !line.startsWith(MODELINE_PREFIX) ? line.replace(word, to) : line))
    .join('\n');
}

/** The text with its yaml-language-server modeline set (replaced, or added as the first line). */
export function withModeline(text: string, schemaRef: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(MODELINE_PREFIX));
  if (at >= 0) lines[at] = modeline(schemaRef);
  else lines.unshift(modeline(schemaRef));
  return lines.join('\n');
}

/**
 * A copied PrefillOverlay for overlay `name`: metadata.name and spec.overlay replaced, the old
 * name replaced in comments, the modeline set. Returns the text and the name it had.
 */
export function renamedPrefillOverlay(text: string, file: string, name: string, schemaRef: string): { text: string; from: string } {
  const doc = documents(text, file).find((d) => isMap(d.contents) && d.get('kind') === 'PrefillOverlay');
  if (!doc) throw new InitError(`${file}: no PrefillOverlay in it`);
  const overlay = doc.getIn(['spec', 'overlay'], true) as Node | undefined;
  const from = isScalar(overlay) ? String(overlay.value) : '';
  const splices = [replaceScalar(doc.getIn(['metadata', 'name'], true) as Node, name, `${file}: metadata.name`), replaceScalar(overlay, name, `${file}: spec.overlay`)];
  return { text: withModeline(renameInComments(applySplices(text, splices), from, name), schemaRef), from };
}

/** Kustomization fields that list paths (files or directories) relative to the kustomization. */
const PATH_LISTS = ['resources', 'components', 'transformers', 'generators', 'validators', 'crds', 'configurations', 'patchesStrategicMerge'];

/** A kustomization entry that is a path in the file system (not a URL, not absolute). */
function isRelativePath(entry: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) && !entry.startsWith('/') && !/^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry);
}

/**
 * A copied kustomization: every relative path that leaves the source overlay (`../../base`) made
 * relative to the new overlay by `rebase`; paths inside the overlay are copied with it and stay.
 * The old overlay name is replaced in comments.
 */
export function rebasedKustomization(text: string, file: string, rebase: (entry: string) => string | undefined, from: string, name: string): string {
  const splices: Splice[] = [];
  for (const doc of documents(text, file)) {
    if (!isMap(doc.contents)) continue;
    const entries: Node[] = [];
    for (const key of PATH_LISTS) {
      const list = doc.get(key, true);
      if (isSeq(list)) entries.push(...(list.items as Node[]));
    }
    const patches = doc.get('patches', true);
    if (isSeq(patches)) for (const p of patches.items) if (isMap(p) && isScalar(p.get('path', true))) entries.push(p.get('path', true) as Node);
    for (const entry of entries) {
      if (!isScalar(entry) || typeof entry.value !== 'string' || !isRelativePath(entry.value)) continue;
      const moved = rebase(entry.value);
      if (moved !== undefined && moved !== entry.value) splices.push(replaceScalar(entry, moved, `${file}: ${entry.value}`));
    }
  }
  return renameInComments(applySplices(text, splices), from, name);
}
