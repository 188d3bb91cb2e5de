/**
 * The service KServe's config admission webhook renders every LLMInferenceServiceConfig against
 * (llmisvc.LLMInferenceServiceSample, as read in KServe's source): a config whose templates fail
 * on it is rejected at apply time. Its prefill has tensor and pipeline parallelism but no
 * data parallelism, no worker and no kvCacheOffloading. Reproduced here in part (the fields
 * templates read); the global config is the controller's, here its defaults.
 */
import type { TemplateData } from './data';

const svcName = 'test-llm-preset';
const nsName = 'test-llm-preset-test';

export const KSERVE_ADMISSION_SAMPLE: TemplateData = {
  ObjectMeta: {
    name: svcName,
    namespace: nsName,
    labels: {
      'app.kubernetes.io/name': 'llminferenceservice',
      'app.kubernetes.io/instance': svcName,
      'app.kubernetes.io/component': 'inference',
    },
    annotations: { 'serving.kserve.io/model-uri': 'llama' },
  },
  Spec: {
    model: { name: 'llama', uri: 'llama' },
    replicas: 2,
    parallelism: { data: 4, dataLocal: 2, tensor: 1, expert: true },
    template: { containers: [{ name: 'kserve-container', image: 'ghcr.io/llm-d/llm-d:v0.2.0' }] },
    worker: { containers: [{ name: 'kserve-container', image: 'ghcr.io/llm-d/llm-d:0.2.0' }] },
    prefill: {
      replicas: 1,
      parallelism: { tensor: 1, pipeline: 1 },
      template: { containers: [{ name: 'kserve-container', image: 'ghcr.io/llm-d/llm-d:v0.2.0' }] },
    },
    router: {
      route: { http: { refs: [{ name: 'custom-http-route' }] } },
      gateway: { refs: [{ name: 'kserve-ingress-gateway', namespace: 'kserve' }] },
      scheduler: { pool: { ref: { name: 'custom-inference-pool' } } },
    },
  },
  GlobalConfig: {
    SystemNamespace: 'kserve',
    IngressGatewayName: 'kserve-ingress-gateway',
    IngressGatewayNamespace: 'kserve',
    EnableTLS: false,
    ModelBasedRoutingHeaderName: '',
    InferencePoolNamespacedName: `${nsName}/custom-inference-pool`,
  },
};
