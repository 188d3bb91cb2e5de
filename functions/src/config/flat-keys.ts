/**
 * The ConfigMap form of the functionConfig: flat string keys, as kpt passes them for a Kptfile
 * `configMap:` or `kpt fn eval -- key=value`. Each key maps to one field of PrefillOverlay.spec and
 * its string value is converted to the field's type; the result is validated like any
 * PrefillOverlay, with errors pointing back at `data.<key>`.
 */

/**
 * How a string value becomes a field value: list = comma-separated; words = a JSON array of
 * strings, or else whitespace-separated words; json = a JSON value (tolerations, affinity);
 * quantity = an integer when it is one, else the string.
 */
type FlatType = 'string' | 'integer' | 'boolean' | 'list' | 'words' | 'json' | 'quantity';

interface FlatKey {
  /** Path in PrefillOverlay.spec. */
  path: string[];
  type: FlatType;
}

/** Flat key -> spec field. Keys with a prefix ("env.NAME") are handled in PREFIXES. */
export const FLAT_KEYS: Record<string, FlatKey> = {
  overlay: { path: ['overlay'], type: 'string' },
  mode: { path: ['mode'], type: 'string' },
  namespace: { path: ['kserve', 'namespace'], type: 'string' },
  configPrefix: { path: ['kserve', 'configPrefix'], type: 'string' },
  kserveVersion: { path: ['kserve', 'version'], type: 'string' },
  configs: { path: ['configs'], type: 'list' },
  ifMissing: { path: ['ifMissing'], type: 'string' },
  image: { path: ['image'], type: 'string' },
  imagePullPolicy: { path: ['imagePullPolicy'], type: 'string' },
  vllmArgs: { path: ['vllmArgs'], type: 'words' },
  gpus: { path: ['resources', 'gpus'], type: 'integer' },
  gpuResource: { path: ['resources', 'gpuResource'], type: 'string' },
  cpu: { path: ['resources', 'cpu'], type: 'quantity' },
  memory: { path: ['resources', 'memory'], type: 'quantity' },
  ephemeralStorage: { path: ['resources', 'ephemeralStorage'], type: 'quantity' },
  rdmaResource: { path: ['resources', 'rdma', 'resource'], type: 'string' },
  rdmaCount: { path: ['resources', 'rdma', 'count'], type: 'integer' },
  sharedMemory: { path: ['sharedMemory'], type: 'quantity' },
  roce: { path: ['roce', 'enabled'], type: 'boolean' },
  gidIndex: { path: ['roce', 'gidIndex'], type: 'integer' },
  socketIfname: { path: ['roce', 'socketIfname'], type: 'string' },
  networks: { path: ['roce', 'networks'], type: 'string' },
  tolerations: { path: ['scheduling', 'tolerations'], type: 'json' },
  affinity: { path: ['scheduling', 'affinity'], type: 'json' },
  priorityClassName: { path: ['scheduling', 'priorityClassName'], type: 'string' },
  serviceAccountName: { path: ['scheduling', 'serviceAccountName'], type: 'string' },
  terminationGracePeriodSeconds: { path: ['terminationGracePeriodSeconds'], type: 'integer' },
  data: { path: ['parallelism', 'data'], type: 'integer' },
  dataLocal: { path: ['parallelism', 'dataLocal'], type: 'integer' },
  tensor: { path: ['parallelism', 'tensor'], type: 'integer' },
  expert: { path: ['parallelism', 'expert'], type: 'boolean' },
  dataRPCPort: { path: ['parallelism', 'dataRPCPort'], type: 'integer' },
  replicas: { path: ['replicas'], type: 'integer' },
  services: { path: ['services'], type: 'string' },
};

/** Keys with a prefix: "env.VLLM_LOGGING_LEVEL=DEBUG" sets spec.env.VLLM_LOGGING_LEVEL. */
export const PREFIXES: Record<string, FlatKey> = {
  'env.': { path: ['env'], type: 'string' },
  'nodeSelector.': { path: ['scheduling', 'nodeSelector'], type: 'string' },
  'labels.': { path: ['labels'], type: 'string' },
  'annotations.': { path: ['annotations'], type: 'string' },
  'cpu.': { path: ['resources', 'cpu'], type: 'quantity' },
  'memory.': { path: ['resources', 'memory'], type: 'quantity' },
  'ephemeralStorage.': { path: ['resources', 'ephemeralStorage'], type: 'quantity' },
};

export interface FlatProblem {
  key: string;
  message: string;
}

export interface FlatSpec {
  spec: Record<string, unknown>;
  problems: FlatProblem[];
  /** spec path (dotted) -> data key, to report schema errors against the key the user wrote. */
  origin: Map<string, string>;
}

export function specFromFlat(data: Record<string, unknown>): FlatSpec {
  const spec: Record<string, unknown> = {};
  const problems: FlatProblem[] = [];
  const origin = new Map<string, string>();
  for (const [key, raw] of Object.entries(data)) {
    const target = lookup(key);
    if (!target) {
      problems.push({ key, message: `unknown key "${key}"` });
      continue;
    }
    const value = convert(String(raw), target.type);
    if (value === undefined) {
      problems.push({ key, message: `"${String(raw)}" is not ${DESCRIBE[target.type]}` });
      continue;
    }
    const clash = setPath(spec, target.path, value);
    if (clash) {
      problems.push({ key, message: `conflicts with data.${origin.get(['spec', ...clash].join('.')) ?? clash.join('.')}: give one of them` });
      continue;
    }
    origin.set(['spec', ...target.path].join('.'), key);
  }
  return { spec, problems, origin };
}

function lookup(key: string): FlatKey | undefined {
  if (Object.prototype.hasOwnProperty.call(FLAT_KEYS, key)) return FLAT_KEYS[key];
  for (const [prefix, target] of Object.entries(PREFIXES)) {
    if (key.startsWith(prefix) && key.length > prefix.length) return { ...target, path: [...target.path, key.slice(prefix.length)] };
  }
  return undefined;
}

const DESCRIBE: Record<FlatType, string> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'true or false',
  list: 'a comma-separated list',
  words: 'a JSON array of strings or whitespace-separated words',
  json: 'JSON',
  quantity: 'a quantity',
};

function convert(raw: string, type: FlatType): unknown {
  const text = raw.trim();
  switch (type) {
    case 'string':
      return raw;
    case 'integer':
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
    case 'quantity':
      return /^\d+$/.test(text) ? Number(text) : raw;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'list':
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    case 'words': {
      if (!text.startsWith('[')) return text === '' ? [] : text.split(/\s+/);
      const parsed = parseJson(text);
      return Array.isArray(parsed) && parsed.every((w) => typeof w === 'string') ? parsed : undefined;
    }
    case 'json':
      return parseJson(text);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sets a value at a path, creating maps on the way. Returns the path of a value already there
 * that the new one would overwrite or go inside of (`cpu=64` with `cpu.requests=32`).
 */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): string[] | undefined {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i]];
    if (next !== undefined && (typeof next !== 'object' || next === null)) return path.slice(0, i + 1);
    node = (next ?? (node[path[i]] = Object.create(null) as Record<string, unknown>)) as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (node[last] !== undefined) return path;
  node[last] = value;
  return undefined;
}
