/**
 * The field reference of --help and docs/config-reference.md, generated from the JSON Schema so
 * that the documentation says what validation enforces: every spec field with its type, default,
 * description and example.
 */
type Node = { [key: string]: unknown };

let schema: Node | undefined;

/**
 * The schema, read on first use (--help, docs): required inside a function, esbuild keeps the
 * JSON module in a function that runs when first required, so a KRM-mode run never builds it.
 */
function schemaOf(): Node {
  schema ??= require('../config/prefill-overlay.schema.json') as Node;
  return schema;
}

export interface FieldDoc {
  path: string;
  type: string;
  description: string;
  example?: string;
  default?: string;
}

export function fieldDocs(): FieldDoc[] {
  const spec = (schemaOf().properties as Node).spec as Node;
  return walk(spec, 'spec');
}

function walk(node: Node, path: string): FieldDoc[] {
  const out: FieldDoc[] = [];
  const props = (resolve(node).properties ?? {}) as Record<string, Node>;
  for (const [key, child] of Object.entries(props)) {
    const full = `${path}.${key}`;
    const r = resolve(child);
    out.push({
      path: full,
      type: typeOf(r),
      description: String(child.description ?? r.description ?? ''),
      example: example(child) ?? example(r),
      default: r.default !== undefined ? JSON.stringify(r.default) : undefined,
    });
    if (r.properties) out.push(...walk(r, full));
  }
  return out;
}

/** Follows a local $ref ("#/definitions/x"). */
function resolve(node: Node): Node {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((n, k) => (n as Node)[k], schemaOf());
  return { ...(target as Node), ...node, $ref: undefined };
}

function typeOf(node: Node): string {
  if (Array.isArray(node.enum)) return node.enum.map(String).join(' | ');
  if (Array.isArray(node.type)) return node.type.join(' | ');
  if (node.type === 'array') {
    const items = resolve((node.items ?? {}) as Node);
    return `list of ${Array.isArray(items.enum) ? items.enum.join(' | ') : String(items.type ?? 'object')}`;
  }
  if (node.type === 'object' && node.additionalProperties && typeof node.additionalProperties === 'object') return 'map';
  return String(node.type ?? 'any');
}

function example(node: Node): string | undefined {
  const ex = node.examples;
  return Array.isArray(ex) && ex.length > 0 ? flow(ex[0]) : undefined;
}

/** Compact flow-style YAML for one-line examples. */
export function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}`;
  if (typeof value === 'string') return /^[\w./:-]+$/.test(value) && !/^(true|false|null|\d+)$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

/** The reference as plain text, for --help. */
export function fieldReferenceText(width = 96): string {
  return fieldDocs()
    .map((f) => {
      const head = `  ${f.path}  (${f.type}${f.default ? `, default ${f.default}` : ''})`;
      const body = wrap(f.description, width - 6).map((l) => `      ${l}`);
      if (f.example) body.push(`      e.g. ${f.example}`);
      return [head, ...body].join('\n');
    })
    .join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The reference as a Markdown table, for docs/config-reference.md. */
export function fieldReferenceMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = fieldDocs().map((f) => `| \`${f.path}\` | ${cell(f.type)}${f.default ? ` (default ${cell(f.default)})` : ''} | ${cell(f.description)} | ${f.example ? `\`${cell(f.example)}\`` : ''} |`);
  return ['| field | type | meaning | example |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
