/** Inputs for the tests of the checks that run the whole function (not a test file itself). */
import { documentAsItem } from '../files/stream';

/** A ResourceList of `items` (YAML documents) with a PrefillOverlay for overlay t; `spec` is its further spec lines. */
export const overlayInput = (items: readonly string[], spec: string): string =>
  'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:' + (items.length ? '\n' + items.map(documentAsItem).join('') : ' []\n') +
  `functionConfig:\n  apiVersion: fn.llm-prefill.dev/v1alpha1\n  kind: PrefillOverlay\n  metadata: {name: t}\n  spec:\n    overlay: t\n${spec}`;

export const DP = 'kserve-config-llm-prefill-worker-data-parallel';

/** The data-parallel config in namespace kserve, carrying `parallelism` (flow text) itself. */
export const dpConfig = (parallelism: string): string => `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata: {name: ${DP}, namespace: kserve}
spec:
  prefill:
    parallelism: ${parallelism}
    template: {containers: [{name: main, image: "x:1"}]}
    worker: {containers: [{name: main, image: "x:1"}]}
`;

/** A data-parallel service llm/svc with its own `parallelism` (flow text). */
export const dpService = (parallelism: string): string => `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: {name: svc, namespace: llm}
spec:
  model: {uri: hf://o/m, name: o/m}
  prefill:
    parallelism: ${parallelism}
    template: {containers: [{name: main}]}
    worker: {containers: [{name: main}]}
`;
