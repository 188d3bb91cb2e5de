#!/usr/bin/env node
// `npm start`: renders every overlay in overlays/ with `llm-prefill-fn render` (the real
// kustomize: a standalone kustomize or kubectl; no Docker needed), writes the manifests to .rendered/<env>.yaml and shows, per overlay, one
// compact table of what the cluster will run: for each managed config and pod (leader, worker,
// template) the image, GPUs per pod, pods per replica, parallelism, shared memory and RoCE.
//   --verbose        also every result line of the run (each edit, the $ / {{ counts)
//   --out DIR        write the manifests to DIR instead of .rendered/
//   --overlays DIR   render the overlays in DIR instead of overlays/
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/llm-prefill-fn.js');

function parseArgs(argv) {
  const args = { verbose: false, out: join(root, '.rendered'), overlays: join(root, 'overlays') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--verbose' || argv[i] === '-v') args.verbose = true;
    else if ((argv[i] === '--out' || argv[i] === '--overlays') && argv[i + 1]) args[argv[i].slice(2)] = argv[++i];
    else {
      console.error(`render-overlays: unknown argument ${argv[i]} (--verbose, --out DIR, --overlays DIR)`);
      process.exit(2);
    }
  }
  return args;
}

const shown = (path) => relative(process.cwd(), path) || '.';

/** Container "main" of a pod spec. */
const mainOf = (pod) => (pod?.containers ?? []).find((c) => c.name === 'main') ?? {};

function gpus(container) {
  const { limits = {}, requests = {} } = container.resources ?? {};
  const key = Object.keys({ ...requests, ...limits }).find((k) => /(^|\/)gpu$/.test(k));
  return key ? String(limits[key] ?? requests[key]) : '-';
}

function sharedMemory(pod) {
  const dshm = (pod?.volumes ?? []).find((v) => v.name === 'dshm');
  return dshm?.emptyDir ? String(dshm.emptyDir.sizeLimit ?? 'no limit') : '-';
}

function roce(pod, container, annotations) {
  const on = (container.env ?? []).some((e) => e.name === 'KSERVE_INFER_ROCE' && e.value === 'true');
  if (!on) return 'off';
  const limits = container.resources?.limits ?? {};
  const rdma = Object.keys(limits).filter((k) => /rdma/i.test(k)).map((k) => `${k} ${limits[k]}`);
  const networks = annotations?.['k8s.v1.cni.cncf.io/networks'];
  return ['on', ...rdma, ...(networks ? [`net ${networks}`] : [])].join(', ');
}

function parallelismText(p) {
  if (!p || Object.keys(p).length === 0) return '-';
  const parts = [];
  if (p.data !== undefined) parts.push(`data ${p.data}`);
  if (p.dataLocal !== undefined) parts.push(`dataLocal ${p.dataLocal}`);
  if (p.tensor !== undefined) parts.push(`tensor ${p.tensor}`);
  if (p.pipeline !== undefined) parts.push(`pipeline ${p.pipeline}`);
  if (p.expert) parts.push('expert');
  return parts.join(', ');
}

function podsPerReplica(p, multiPod) {
  if (!multiPod) return '1';
  if (p?.data !== undefined && p?.dataLocal) return String(Math.ceil(p.data / p.dataLocal));
  return '?';
}

/**
 * The parallelism the pods of a config run with: the services that use that config (a prefill
 * worker means the data-parallel config) when they agree, else the config's own.
 */
function parallelismFor(config, services, multiPod) {
  const users = services.filter((s) => Boolean(s.spec?.prefill?.worker) === multiPod && s.spec?.prefill);
  const texts = [...new Set(users.map((s) => JSON.stringify(s.spec.prefill.parallelism ?? {})))];
  if (texts.length === 1) return JSON.parse(texts[0]);
  if (texts.length > 1) return 'per service';
  return config.spec?.prefill?.parallelism;
}

/** One row per prefill pod of each managed config. */
function rows(docs) {
  const services = docs.filter((d) => d.kind === 'LLMInferenceService');
  const configs = docs.filter((d) => d.kind === 'LLMInferenceServiceConfig' && d.metadata?.labels?.['llm-prefill.dev/overlay']);
  return configs.flatMap((config) => {
    const prefill = config.spec?.prefill ?? {};
    const multiPod = Boolean(prefill.worker);
    const p = parallelismFor(config, services, multiPod);
    // kserve-config-llm-prefill-worker-data-parallel -> data-parallel, ...-template -> template
    const short = (config.metadata?.name ?? '').replace(/^.*config-llm-prefill-(worker-)?/, '');
    const pods = multiPod ? [['leader', prefill.template], ['worker', prefill.worker]] : [['pod', prefill.template]];
    return pods
      .filter(([, pod]) => pod)
      .map(([role, pod]) => {
        const main = mainOf(pod);
        return [`${short}: ${role}`, main.image ?? '-', gpus(main), p === 'per service' ? 'per service' : podsPerReplica(p, multiPod), p === 'per service' ? p : parallelismText(p), sharedMemory(pod), roce(pod, main, prefill.annotations)];
      });
  });
}

function table(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  return [header, ...body].map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd());
}

const HEADER = ['config: pod', 'image', 'GPUs/pod', 'pods/replica', 'parallelism', 'shm', 'RoCE'];

function servicesLine(docs) {
  const services = docs.filter((d) => d.kind === 'LLMInferenceService');
  if (services.length === 0) return '  services: none in the overlay';
  const each = services.map((s) => `${s.metadata?.namespace ? `${s.metadata.namespace}/` : ''}${s.metadata?.name} (replicas ${s.spec?.prefill?.replicas ?? '-'})`);
  return `  services: ${each.join(', ')}`;
}

/** Every result of the run (info included: each edit, the $ / {{ counts), from render's --results file. */
function resultsOf(file) {
  if (!existsSync(file)) return [];
  const list = parse(readFileSync(file, 'utf8'));
  return (list?.items ?? []).flatMap((item) => item.results ?? []);
}

/** One result as render prints it on stderr: severity, file:line where known, resource, field, message. */
function resultLine(r) {
  const where = r.file?.path ? `${r.file.path}${r.tags?.line ? `:${r.tags.line}` : ''}: ` : '';
  const ref = r.resourceRef ? `${[r.resourceRef.kind, r.resourceRef.namespace, r.resourceRef.name].filter(Boolean).join('/')}: ` : '';
  const field = r.field?.path ? `${r.field.path}: ` : '';
  return `[${r.severity}] ${where}${ref}${field}${r.message}`;
}

function renderOne(env, args) {
  const dir = join(args.overlays, env);
  const scratch = mkdtempSync(join(tmpdir(), 'render-overlays-'));
  const resultsFile = join(scratch, 'results.yaml');
  const run = spawnSync(process.execPath, [bin, 'render', dir, '--results', resultsFile], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const results = resultsOf(resultsFile);
  rmSync(scratch, { recursive: true, force: true });
  const errors = results.filter((r) => r.severity === 'error').map(resultLine);
  const warnings = results.filter((r) => r.severity === 'warning').map(resultLine);
  if (args.verbose) process.stdout.write(`\n== ${shown(dir)}\n${run.stderr}${results.map((r) => `  ${resultLine(r)}\n`).join('')}`);
  if (run.status !== 0) {
    const why = errors.length > 0 ? errors : run.stderr.trim().split('\n').slice(-5);
    console.log(`\n${shown(dir)}: FAILED (exit ${run.status})\n${why.slice(0, 5).map((l) => `  ${l}`).join('\n')}`);
    return false;
  }
  const file = join(args.out, `${env}.yaml`);
  writeFileSync(file, run.stdout);
  const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() ?? {});
  const notes = warnings.length > 0 ? `, ${warnings.length} warning(s)` : '';
  console.log(`\n${shown(dir)} -> ${shown(file)} (${docs.length} manifests${notes})`);
  console.log(table(HEADER, rows(docs)).join('\n'));
  console.log(servicesLine(docs));
  for (const w of warnings.slice(0, 3)) console.log(`  ${w.length > 160 ? `${w.slice(0, 157)}...` : w}`);
  if (warnings.length > 3) console.log(`  ... and ${warnings.length - 3} more warning(s): npm run render -- --verbose`);
  return true;
}

const args = parseArgs(process.argv.slice(2));
mkdirSync(args.out, { recursive: true });
const envs = readdirSync(args.overlays)
  .sort()
  .filter((env) => ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(args.overlays, env, f))));
const failed = envs.filter((env) => !renderOne(env, args));
console.log(`\n${envs.length - failed.length} of ${envs.length} overlay(s) rendered${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}${args.verbose ? '' : ' (every result line: npm run render -- --verbose)'}`);
process.exitCode = failed.length ? 1 : 0;
