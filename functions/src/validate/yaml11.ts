/**
 * Text that YAML 1.1 and YAML 1.2 read differently, in the items the function parses. This
 * function (and its checks) read YAML 1.2; Kubernetes reads manifests with YAML 1.1 rules
 * (sigs.k8s.io/yaml, as kubectl, Argo CD and Flux use it). Where the two disagree, what the
 * checks saw is not what the cluster gets:
 * - plain `yes`, `no`, `on`, `off`, `y`, `n` (any case): booleans in 1.1, strings in 1.2;
 * - plain integers with a leading 0 (`0400`): octal in 1.1 (256), decimal in 1.2 (400);
 * - merge keys `<<`: merged in 1.1, a key named "<<" in 1.2. The function edits the keys it
 *   sees; keys that come from a merge would be edited wrongly or not at all: an error.
 * Only text as written in the source counts (scalars the filters write are printed unambiguously).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Scalar } from 'yaml';

export interface Yaml11Finding {
  severity: 'warning' | 'error';
  path: string;
  message: string;
}

const BOOLEAN_11 = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const OCTAL_11 = /^[-+]?0[0-7]+$/;

export function yaml11Findings(root: unknown): Yaml11Finding[] {
  const findings: Yaml11Finding[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isScalar(node)) return check(node, path);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key : undefined;
        const name = key ? String(key.value) : '?';
        const at = path ? `${path}.${name}` : name;
        if (key && key.type === 'PLAIN' && key.source === '<<') {
          findings.push({ severity: 'error', path: at, message: 'a YAML merge key (<<): Kubernetes (YAML 1.1) merges the keys it points to, this function (YAML 1.2) does not, so its edits could miss or contradict them: write the keys out' });
          continue;
        }
        if (key) check(key, at);
        if (isPair(pair)) walk(pair.value, at);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    // An alias is checked where its anchor is.
    else if (isAlias(node)) return;
  };
  const check = (s: Scalar, path: string): void => {
    if (s.type !== 'PLAIN' || s.tag || typeof s.source !== 'string') return;
    if (BOOLEAN_11.test(s.source)) {
      const truth = /^(?:y|yes|on)$/i.test(s.source);
      findings.push({ severity: 'warning', path, message: `${s.source} is a boolean (${truth}) to Kubernetes, which reads YAML 1.1, but the string "${s.source}" to YAML 1.2 readers such as this function: write ${truth} for a boolean or "${s.source}" (quoted) for a string` });
    } else if (OCTAL_11.test(s.source) && typeof s.value === 'number') {
      const octal = parseInt(s.source, 8);
      findings.push({ severity: 'warning', path, message: `${s.source} is octal (${octal}) to Kubernetes, which reads YAML 1.1, but ${s.value} to YAML 1.2 readers such as this function: write ${octal} (decimal) or "${s.source}" (quoted) for a string` });
    }
  };
  walk(root, '');
  return findings;
}
