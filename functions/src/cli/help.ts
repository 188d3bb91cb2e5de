/** The text of --help. Kept next to the CLI; README and docs/ say the same at more length. */

import { FLAT_KEYS, PREFIXES } from '../config/flat-keys';
import { fieldReferenceText } from './field-reference';
import { LIMITS, mib } from '../krm/limits';
import { RENDER_USAGE } from './render-mode';

declare const __VERSION__: string;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export const IMAGE = 'ghcr.io/llm-prefill/llm-prefill-fn';

function flatKeysText(): string {
  const keys = [...Object.entries(FLAT_KEYS), ...Object.entries(PREFIXES).map(([p, k]) => [`${p}<NAME>`, k] as const)];
  return keys.map(([key, target]) => `    ${key.padEnd(30)} spec.${target.path.join('.')}${key.endsWith('<NAME>') ? '.<NAME>' : ''}`).join('\n');
}

/** The limits of krm/limits.ts, one line each (README.md "Bad input and limits" says why). */
export function limitsText(): string {
  return [
    `input                          ${mib(LIMITS.inputBytes)} (JSON or flow-style YAML: ${mib(LIMITS.flowInputBytes)}, rewritten in block style first)`,
    `a document the function parses ${mib(LIMITS.parsedBytes)} (a managed config, a service, the functionConfig)`,
    `nesting in a parsed document   ${LIMITS.depth} levels`,
    `aliases                        yaml's maxAliasCount ${LIMITS.aliasCount} (uses of an anchor x aliases in it)`,
  ]
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Usage of each subcommand, for `help COMMAND` and `COMMAND --help`. */
const COMMAND_HELP: Readonly<Record<string, () => string>> = {
  render: () => `USAGE
  ${RENDER_USAGE}

Runs the real engine over an overlay or a kpt package and prints the plain manifests (a YAML
stream) on stdout, for CI (Flux hydration) and for people who want to read what an overlay
deploys. Local-config items (the PrefillOverlay, variable ConfigMaps, Kptfiles) are not in the
output, as with kustomize and kpt. Exit 0 on success, 1 on an error result (nothing is
written), 2 on a bad command line. NO_COLOR turns colour off (it is used on a terminal only).
The full reference: llm-prefill-fn help.
`,
  preview: () => `USAGE
  llm-prefill-fn preview [--tls on|off] [--kserve-version V] [DIR|FILE|-]

What vLLM will be started with: per LLMInferenceService, the prefill config KServe picks for its
shape (spec.baseRefs from the input merged in order), rendered as KServe's release renders it,
and per pod (prefill leader, worker, template) the image, the GPUs and the vllm serve command
line, found in any release's command shape (plain list, script, eval, exec). It ends with the
assumptions it made.

  DIR                  an overlay or a kpt package: rendered first, as llm-prefill-fn render does
  FILE, -              manifests or a ResourceList, from a file or stdin
  (none)               the embedded base configs with a sample service
  --tls on|off         .GlobalConfig.EnableTLS (KServe's enableLLMInferenceServiceTLS); default
                       off, as KServe ships (v0.18.0 and later have the setting)
  --kserve-version V   the controller release (default: the PrefillOverlay's spec.kserve.version,
                       else v0.20.0)

Exit 0, or 1 when the input cannot be read or rendered.
`,
  init: () => `USAGE
  llm-prefill-fn init DIR [--from ENV|DIR]

Creates a new overlay in DIR (which must not hold one yet); its name is DIR's last part, which
must be a DNS label (lowercase letters, digits, '-'):

  DIR/kustomization.yaml    resources: the base/ found in a parent directory (or none: the
                            function then adds KServe's two prefill configs itself);
                            transformers: [prefill-overlay.yaml]
  DIR/prefill-overlay.yaml  the PrefillOverlay, in the container form with image
                            ${IMAGE}:v${VERSION}, and a first line
                            "# yaml-language-server: $schema=..." so that editors with the YAML
                            language server check and complete its fields. The schema path is
                            relative: to functions/src/config/prefill-overlay.schema.json in this
                            repository, or in node_modules/llm-prefill-fn (the package ships it);
                            elsewhere the schema's URL for this version.

  --from ENV|DIR  copy that overlay instead (ENV: a directory beside DIR, e.g. --from prod):
                  the same files, its name replaced by the new one in metadata.name, spec.overlay
                  and the comments, paths that leave the overlay re-based to DIR

Then: llm-prefill-fn render DIR. Exit 0, 1 when DIR exists with an overlay or --from is not one,
2 on a bad command line.
`,
  version: () => `USAGE
  llm-prefill-fn version     (or --version, -v)

Prints the version (${VERSION}), which is also the tag of the container image
${IMAGE}:v${VERSION}.
`,
  help: () => `USAGE
  llm-prefill-fn help [COMMAND]    (or --help, -h; COMMAND --help)

Without COMMAND the full reference; COMMAND is one of ${Object.keys(COMMAND_HELP).join(', ')}.
`,
};

/** The usage of one subcommand, or undefined when there is no such command. */
export function commandHelp(command: string): string | undefined {
  return Object.hasOwn(COMMAND_HELP, command) ? COMMAND_HELP[command]() : undefined;
}

export const HELP = () => `llm-prefill-fn ${VERSION}: manages KServe's prefill LLMInferenceServiceConfigs per overlay.

A KRM function (kpt / kustomize). It reads a ResourceList on stdin, patches KServe's two prefill
configs, <prefix>config-llm-prefill-template and <prefix>config-llm-prefill-worker-data-parallel,
and writes the ResourceList to stdout; it also sets prefill parallelism and replicas on the
LLMInferenceServices. It patches keyed fields only (image, env by name, resources, volumes by
name, scheduling, parallelism), never the container command/args, so an overlay keeps working
when the base moves to a new KServe release. Every other item comes out byte for byte as it
went in; patched items keep their comments, key order and annotations; a second run changes
nothing.

USAGE
  llm-prefill-fn                 KRM mode: ResourceList on stdin, ResourceList on stdout
  llm-prefill-fn render DIR [--out PATH] [--config FILE] [--engine NAME] [--strict] [--results FILE]
                                 file mode, for CI (Flux hydration) and people: runs the real
                                 engine (kustomize, else kubectl kustomize; kpt for a kpt
                                 package) with this build serving the function's container
                                 image; prints plain manifests on stdout (or writes PATH) and
                                 every run's results on stderr, ending OK / FAILED
  llm-prefill-fn preview [--tls on|off] [--kserve-version V] [DIR|FILE|-]
                                 what vLLM will be started with: per LLMInferenceService, the
                                 prefill config KServe picks, rendered as KServe renders it, and
                                 per pod (prefill leader, worker, template) the image, GPUs and
                                 the vllm serve command line. DIR: an overlay or kpt package
                                 (rendered first); FILE or -: manifests or a ResourceList; none:
                                 the embedded base configs with a sample service
  llm-prefill-fn init DIR [--from ENV|DIR]
                                 a new overlay: DIR/kustomization.yaml and DIR/prefill-overlay.yaml
                                 (with a yaml-language-server schema modeline), empty or copied
                                 from another overlay (ENV: a sibling of DIR, e.g. --from prod)
  llm-prefill-fn help [COMMAND]  this text, or the usage of render, preview, init or version
                                 (the same as COMMAND --help)
  llm-prefill-fn version         the version (also --version)

FUNCTIONCONFIG (apiVersion fn.llm-prefill.dev/v1alpha1, kind PrefillOverlay)
  apiVersion: fn.llm-prefill.dev/v1alpha1
  kind: PrefillOverlay
  metadata:
    name: prod
  spec:
    overlay: prod                                   # the only required field
    image: ghcr.io/llm-d/llm-d-cuda:v0.9.0
    env: {VLLM_LOGGING_LEVEL: DEBUG}
    vllmArgs: ["--max-model-len", "8192"]
    resources: {gpus: 8, cpu: "64", memory: 256Gi, rdma: {resource: rdma/roce_gdr, count: 1}}
    roce: {enabled: true, gidIndex: 3, socketIfname: net1, networks: roce-p2}
    parallelism: {data: 16, dataLocal: 8, tensor: 1, expert: true}
    replicas: 1

  Pod-level settings go to every prefill pod: the template config's pod, and the data-parallel
  config's leader (spec.prefill.template) and worker (spec.prefill.worker); container settings
  to container "main" only. parallelism and replicas go to spec.prefill of the selected
  LLMInferenceServices, or of the data-parallel config when none is selected. Only keyed fields
  change, never command or args. Unknown fields and wrong types are errors (with a did-you-mean).

${fieldReferenceText()}

  The same as a ConfigMap with flat keys (a Kptfile "configMap:", "kpt fn eval -- key=value"):
${flatKeysText()}

RUNNING IT
  kpt (exec), in the Kptfile:
    pipeline:
      mutators:
        - exec: ./dist/llm-prefill-fn.js     # or the installed llm-prefill-fn
          configPath: prefill-overlay.yaml
    then: kpt fn render --allow-exec
  kpt, one-off:
    kpt fn eval DIR --exec ./dist/llm-prefill-fn.js -- overlay=dev image=ghcr.io/llm-d/llm-d-cuda:v0.9.0
  kustomize, container form (kubectl kustomize --enable-alpha-plugins, Argo CD with Docker):
    transformers: [prefill-overlay.yaml], where prefill-overlay.yaml is the PrefillOverlay with
      metadata.annotations:
        config.kubernetes.io/function: |
          container:
            image: ${IMAGE}:v${VERSION}
  kustomize, exec form (standalone kustomize build --enable-alpha-plugins --enable-exec):
        config.kubernetes.io/function: |
          exec:
            path: ../../dist/llm-prefill-fn.js      # relative to the kustomization
  Argo CD: a kustomize app with buildOptions "--enable-alpha-plugins --enable-exec" and the
    function on the repo-server, or a Config Management Plugin that runs kustomize build.
  Flux: Flux runs no KRM functions. Render in CI (kustomize build or kpt fn render) and commit
    or push the plain manifests that Flux applies.

RESULTS AND EXIT CODES
  Findings are ResourceList results (severity, resourceRef, field path) plus an info summary
  of what changed. kustomize ignores results, so errors are also printed on stderr.
  0  success (warnings and info results may be present)
  1  an error result: the ResourceList is still written, with every item unchanged (with
     no items when the input cannot be read as a ResourceList)
  2  bad command line
  Set LLM_PREFILL_FN_DEBUG=1 to get a stack trace for an internal error.
  Set LLM_PREFILL_FN_TIMINGS=1 in the function's environment to have each KRM-mode run print on
  stderr where its time went, step by step (README.md, "Performance"). A container gets only
  the environment its engine passes in.

BAD INPUT AND LIMITS
  Whatever the input, stdout gets a ResourceList: bad input is exit 1 with an error result that
  names the problem and its input line. Every item needs apiVersion, kind and metadata.name (as
  kpt requires; kustomization files excepted); two items with the same API group, kind,
  namespace and name are an error (as in kustomize), except Kptfiles and local-config items.
  Input must be UTF-8 (a BOM is fine) without control characters; CRLF works. Items the
  function does not read are copied as text, unparsed. Limits:
${limitsText()}

More: README.md and docs/ in the repository.
`;
