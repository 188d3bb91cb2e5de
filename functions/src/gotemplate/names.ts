/**
 * Go field names of JSON fields, and "did you mean" suggestions.
 *
 * A Kubernetes API type's Go field name is its JSON name with the first letter upper-cased, except
 * that initialisms are written in capitals (`kvCacheOffloading` → `KVCacheOffloading`,
 * `dataRPCPort` → `DataRPCPort`, `hostIPC` → `HostIPC`, `uid` → `UID`) and a few fields are
 * renamed (`serviceAccount` → `DeprecatedServiceAccount`). Without the Go types the exact name
 * cannot always be known, so a JSON field has a set of candidate Go names; matching a name that is
 * only case-insensitively equal to the JSON name is reported by the linter as a warning.
 */

/** Initialisms that Go (golint and Kubernetes' API conventions) writes in capitals. */
const INITIALISMS: ReadonlySet<string> = new Set([
  'ACL', 'API', 'ASCII', 'CIDR', 'CPU', 'CSI', 'CSS', 'DNS', 'EOF', 'FC', 'FQDN', 'GPU', 'GRPC', 'GUID', 'HTML', 'HTTP',
  'HTTPS', 'ID', 'IP', 'IPC', 'IPs', 'JSON', 'KV', 'LHS', 'PID', 'QPS', 'RAM', 'RBD', 'RHS', 'RPC', 'SCSI', 'SLA', 'SMTP', 'SQL',
  'SSH', 'TCP', 'TLS', 'TTL', 'UDP', 'UI', 'UID', 'URI', 'URL', 'UTF8', 'UUID', 'VM', 'WWID', 'XML', 'XSRF', 'XSS',
]);

/** JSON names whose Go name no rule derives. */
const EXPLICIT: Readonly<Record<string, string>> = {
  serviceAccount: 'DeprecatedServiceAccount',
  seLinuxOptions: 'SELinuxOptions',
  seLinuxChangePolicy: 'SELinuxChangePolicy',
  lora: 'LoRA',
};

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `kvCacheOffloading` → `KVCacheOffloading`: each camel-case word that is an initialism in capitals. */
function initialismName(json: string): string {
  const words = json.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [json];
  return words
    .map((w) => {
      const upper = w.toUpperCase();
      if (INITIALISMS.has(upper)) return upper;
      if (w.endsWith('s') && INITIALISMS.has(w.slice(0, -1).toUpperCase())) return `${w.slice(0, -1).toUpperCase()}s`;
      return upperFirst(w);
    })
    .join('');
}

/** The Go names a JSON field may have, the most likely first. */
export function goNameCandidates(json: string): string[] {
  const names = [EXPLICIT[json], initialismName(json), upperFirst(json)].filter((n): n is string => n !== undefined);
  return [...new Set(names)];
}

/** The most likely Go name of a JSON field. */
export function goName(json: string): string {
  return goNameCandidates(json)[0];
}

/** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate closest to `name` (case-insensitively), if it is close enough to be a likely typo. */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "X"?)` or the empty string. */
export function suggestion(name: string, candidates: readonly string[]): string {
  const s = didYouMean(name, candidates);
  return s === undefined ? '' : ` (did you mean ${JSON.stringify(s)}?)`;
}
