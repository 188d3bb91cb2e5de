/**
 * Spec fields the declared KServe release's CRD and Go types lack: `kvCacheOffloading` (in `spec`
 * and `spec.prefill`) first exists in v0.20.0. An older API server refuses or drops the field,
 * and a template naming it fails (templates.ts checks those).
 */
import { error, type Result } from '../krm/results';
import type { Release } from '../kserve/releases';
import type { Resource } from './check-output';
import { obj } from './merged-view';

export function releaseFieldFindings(resources: readonly Resource[], release: Release): Result[] {
  if (release.kvCacheOffloading) return [];
  const results: Result[] = [];
  for (const r of resources) {
    const spec = obj(r.value.spec) ?? {};
    for (const [at, workload] of [['spec', spec], ['spec.prefill', obj(spec.prefill)]] as const) {
      if (workload?.kvCacheOffloading === undefined) continue;
      results.push(
        error(`${at}.kvCacheOffloading: KServe ${release.name}, the release spec.kserve.version declares, has no such field (it exists from v0.20.0): remove it, or declare the release you run`, {
          ...(r.ref ? { resourceRef: r.ref } : {}),
          field: { path: `${at}.kvCacheOffloading` },
        }),
      );
    }
  }
  return results;
}
