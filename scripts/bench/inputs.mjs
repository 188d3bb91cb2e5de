// Benchmark inputs, generated: (a) a typical overlay, (b) a large repository (1,000 items), and a
// huge one (the large one's mix scaled 10 times: 10,000 items, 28 MB) for memory at scale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEAD, item } from '../lib/resource-list.mjs';

const FUNCTION_CONFIG = `functionConfig:
  apiVersion: fn.llm-prefill.dev/v1alpha1
  kind: PrefillOverlay
  metadata:
    name: bench
  spec:
    overlay: bench
    image: ghcr.io/llm-d/llm-d-cuda:v0.9.0
    env: {VLLM_LOGGING_LEVEL: DEBUG}
    resources: {gpus: 8, rdma: {resource: rdma/roce_gdr, count: 1}}
    parallelism: {data: 16, dataLocal: 8, tensor: 1, expert: true}
    replicas: 1
`;

export function inputs(root) {
  return { typical: typicalInput(root), large: repository(root, 1), huge: repository(root, 10) };
}

function typicalInput(root) {
  const template = readFileSync(join(root, 'base/config-llm-prefill-template.yaml'), 'utf8');
  const dp = readFileSync(join(root, 'base/config-llm-prefill-worker-data-parallel.yaml'), 'utf8');
  const service = readFileSync(join(root, 'base/llminferenceservice-sample.yaml'), 'utf8');
  return HEAD + item(template, 1, 'kserve/t.yaml') + item(dp, 2, 'kserve/dp.yaml') + item(service, 3, 'apps/svc.yaml') + FUNCTION_CONFIG;
}

/** 100 prefill-sized configs (2 of them managed), 50 services and 850 ConfigMaps, times scale. */
function repository(root, scale) {
  const template = readFileSync(join(root, 'base/config-llm-prefill-template.yaml'), 'utf8');
  const dp = readFileSync(join(root, 'base/config-llm-prefill-worker-data-parallel.yaml'), 'utf8');
  const service = readFileSync(join(root, 'base/llminferenceservice-sample.yaml'), 'utf8');
  let large = HEAD;
  let id = 1;
  for (let i = 0; i < 100 * scale; i++) {
    const source = i % 2 === 0 ? template : dp;
    // Two of them are the managed configs; the others are prefill-sized configs of other names.
    const named = i < 2 ? source : source.replace(/name: kserve-config-llm-prefill-[\w-]+/, `name: team-${i}-prefill`);
    large += item(named, id++, `kserve/c${i}.yaml`);
  }
  for (let i = 0; i < 50 * scale; i++) large += item(service.replace('name: llama-3-8b-pd', `name: svc-${i}`), id++, `apps/s${i}.yaml`);
  for (let i = 0; i < 850 * scale; i++) {
    large += item(
      `# settings of team ${i} (a comment the SDK would drop)\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i} # line comment\n  namespace: team-${i % 17}\ndata:\n  # head comment\n  mode: "fast"\n  limits: {cpu: "2", memory: 4Gi}\n  script: |\n    echo "\${HOME} $(date)"\n    exit 0\n`,
      id++,
      `teams/cm${i}.yaml`,
    );
  }
  large += FUNCTION_CONFIG;
  return large;
}
