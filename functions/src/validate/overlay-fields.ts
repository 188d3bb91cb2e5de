/**
 * Which PrefillOverlay field wrote a value of a resource, so that a KServe admission message can
 * say what to change in the overlay. The overlay writes spec.parallelism.* and spec.replicas into
 * spec.prefill of the selected services (or of the data-parallel config):
 * filters/set-prefill-parallelism.ts. A value counts as the overlay's when this run's patch wrote
 * it (the resource's changes); one the resource already carried is the resource's own.
 */
import type { Change } from '../filters/filter';
import type { Finding } from './admission';

/** The overlay field that writes a resource's field, or undefined. */
export function overlayFieldFor(path: string): string | undefined {
  if (path === 'spec.prefill.replicas') return 'spec.replicas';
  const m = /^spec\.prefill\.parallelism\.(\w+)$/.exec(path);
  return m ? `spec.parallelism.${m[1]}` : undefined;
}

/**
 * KServe's message, followed by the overlay fields that wrote the values it objects to (if any
 * did). `otherwise`: another way out, for the message ("keep this service out of spec.services").
 */
export function namingOverlayFields(f: Finding, changes: readonly Change[] | undefined, otherwise?: string): Finding {
  const changed = new Set((changes ?? []).map((c) => c.path));
  const written = (f.reads ?? []).filter((p) => changed.has(p) && overlayFieldFor(p) !== undefined);
  if (written.length === 0) return f;
  const by = written.map((p) => `${p} was set by the PrefillOverlay's ${overlayFieldFor(p)}`).join('; ');
  const toChange = [...new Set([overlayFieldFor(f.path), ...written.map(overlayFieldFor)].filter((x): x is string => x !== undefined))];
  return { ...f, message: `${f.message} (${by}: change ${toChange.join(' or ')} in the PrefillOverlay${otherwise ? `, or ${otherwise}` : ''})` };
}
