/**
 * A MODEL of kustomize-controller's post-build step around envsubst (fluxcd/pkg/kustomize
 * SubstituteVariables), for tests: the rules measured in flux-envsubst-table.json's `postBuild`
 * (flux-postbuild.test.ts checks every row).
 * 1. A variable name Flux refuses fails every resource.
 * 2. No variable at all: nothing is substituted, unless substituteStrategy is Always (v1.9+).
 * 3. A resource labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` (exactly)
 *    is skipped.
 * 4. Newlines are removed from values; envsubst (flux-envsubst.ts) runs over the resource's YAML
 *    text, which is then read as YAML again; the first failing resource fails them all.
 */
import { parse, stringify } from 'yaml';
import { fluxSubstitute } from './flux-envsubst';

export interface PostBuild {
  substitute: Readonly<Record<string, string>>;
  strict: boolean;
  strategy?: 'WithVariables' | 'Always';
}

export type PostBuildResult = { ok: true; resources: unknown[] } | { ok: false; error: string };

const VAR_NAME = /^[_\p{L}][_\p{L}\p{Nd}]*$/u;
const DISABLED = 'kustomize.toolkit.fluxcd.io/substitute';

type Obj = { apiVersion?: string; kind?: string; metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

/** `resources`: each resource as the YAML text Flux substitutes over (or as data, printed as YAML). */
export function fluxPostBuild(resources: readonly (string | unknown)[], postBuild: PostBuild): PostBuildResult {
  const texts = resources.map((r) => (typeof r === 'string' ? r : stringify(r)));
  const out: unknown[] = [];
  for (const text of texts) {
    const r = parse(text) as Obj;
    const id = `${r.apiVersion}/${r.kind}/${r.metadata?.name}`;
    const bad = Object.keys(postBuild.substitute).find((n) => !VAR_NAME.test(n));
    if (bad !== undefined) return { ok: false, error: `post build failed for '${id}': envsubst error: '${bad}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'` };
    const skip = Object.keys(postBuild.substitute).length === 0 && postBuild.strategy !== 'Always';
    if (skip || r.metadata?.labels?.[DISABLED] === 'disabled' || r.metadata?.annotations?.[DISABLED] === 'disabled') {
      out.push(r);
      continue;
    }
    const substituted = fluxSubstitute(text, postBuild.substitute, postBuild.strict);
    if (!substituted.ok) return { ok: false, error: `post build failed for '${id}': envsubst error: variable substitution failed: ${substituted.error}` };
    try {
      out.push(parse(substituted.text));
    } catch (e) {
      return { ok: false, error: `post build failed for '${id}': envsubst error: YAMLToJSON: ${(e as Error).message}` };
    }
  }
  return { ok: true, resources: out };
}
