/**
 * Fills declared variables into the functionConfig's string values — every one except those of
 * `spec.pipeline`, which declares them — and notes where each variable was used.
 */
import type { PrefillOverlay } from '../config/types';
import { substitute, type VariableValues } from './substitute';

/** Variable name -> places it is used ("functionConfig spec.image", "Kind/ns/name field"). */
export type Usage = Map<string, string[]>;

export function noteUse(usage: Usage, name: string, where: string): void {
  const places = usage.get(name) ?? [];
  if (!places.includes(where)) places.push(where);
  usage.set(name, places);
}

export function fillConfig(config: PrefillOverlay, vars: VariableValues): { config: PrefillOverlay; usage: Usage } {
  const usage: Usage = new Map();
  const fill = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const out = substitute(value, vars);
      for (const name of out.used) noteUse(usage, name, `functionConfig ${path}`);
      return out.text;
    }
    if (Array.isArray(value)) return value.map((v, i) => fill(v, `${path}[${i}]`));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) out[k] = path === 'spec' && k === 'pipeline' ? v : fill(v, `${path}.${k}`);
      return out;
    }
    return value;
  };
  const spec = fill(config.spec, 'spec') as PrefillOverlay['spec'];
  return { config: { ...config, spec }, usage };
}
