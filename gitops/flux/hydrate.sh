#!/bin/sh
# Hydrates every overlay for Flux: runs `llm-prefill-fn render overlays/<env> --out hydrated/<env>`
# for each overlays/<env>/ and prints a summary. Flux runs no KRM functions, so CI commits
# hydrated/ (or pushes it as an OCI artifact) and a Flux Kustomization points at hydrated/<env>.
#
# Usage: gitops/flux/hydrate.sh [--check] [ENV...]
#   run from the repository root (or set HYDRATE_ROOT); ENV... limits the run to some overlays.
#   --check   hydrate, then fail if hydrated/ differs from what is committed (git), e.g. in a
#             pull request: the overlays changed but hydrated/ was not regenerated.
#
# The function: $LLM_PREFILL_FN if set (a command, may contain arguments), else llm-prefill-fn
# from PATH, else node dist/llm-prefill-fn.js (npm run build). Exit status: 0 when every overlay
# rendered (and, with --check, nothing differs); 1 on the first overlay that fails or on a
# difference; 2 on a usage error.
set -eu

me=hydrate.sh
check=false
envs=
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "$me: unknown option $arg" >&2; exit 2 ;;
    *) envs="$envs $arg" ;;
  esac
done

root=${HYDRATE_ROOT:-.}
cd "$root"
overlays=overlays
out=hydrated

if [ ! -d "$overlays" ]; then
  echo "$me: no $overlays/ directory in $(pwd): run from the repository root" >&2
  exit 2
fi

if [ -n "${LLM_PREFILL_FN:-}" ]; then
  fn=$LLM_PREFILL_FN
elif command -v llm-prefill-fn >/dev/null 2>&1; then
  fn=llm-prefill-fn
elif [ -f dist/llm-prefill-fn.js ]; then
  fn="node dist/llm-prefill-fn.js"
else
  echo "$me: llm-prefill-fn is not on PATH and dist/llm-prefill-fn.js does not exist (run npm run build)" >&2
  exit 2
fi

if [ -z "$envs" ]; then
  for dir in "$overlays"/*/; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    envs="$envs $name"
  done
fi
if [ -z "$envs" ]; then
  echo "$me: no overlays in $overlays/" >&2
  exit 1
fi

mkdir -p "$out"
summary=
count=0
for env in $envs; do
  src="$overlays/$env"
  if [ ! -d "$src" ]; then
    echo "$me: overlay $src does not exist" >&2
    exit 1
  fi
  # Render into a fresh directory next to the target and swap it in only on success, so a
  # failed run leaves the previous hydrated/<env> as it was, and files of resources that are
  # gone do not linger.
  tmp=$(mktemp -d "$out/.$env.XXXXXX")
  echo "$me: rendering $src -> $out/$env" >&2
  # $fn is split on purpose: it may be "node dist/llm-prefill-fn.js".
  # shellcheck disable=SC2086
  if ! $fn render "$src" --out "$tmp" >&2; then
    rm -rf "$tmp"
    echo "$me: FAILED: llm-prefill-fn render $src (see the results above); $out/$env was left unchanged" >&2
    exit 1
  fi
  rm -rf "${out:?}/$env"
  mv "$tmp" "$out/$env"
  chmod 755 "$out/$env"
  files=$(find "$out/$env" -type f -name '*.yaml' ! -name kustomization.yaml | wc -l | tr -d ' ')
  # Flux's post-build substitution changes any ${...} in a resource that is neither protected
  # (substitute: disabled) nor escaped: say which files are exposed.
  exposed=
  for f in "$out/$env"/*.yaml; do
    [ "$(basename "$f")" = kustomization.yaml ] && continue
    grep -q '\${' "$f" || continue
    grep -Eq 'kustomize\.toolkit\.fluxcd\.io/substitute:[[:space:]]*["'\'']?disabled|llm-prefill\.dev/flux-escaped:' "$f" && continue
    exposed="$exposed $(basename "$f")"
  done
  if [ -n "$exposed" ]; then
    echo "$me: warning: $out/$env:$exposed contain \${...} that Flux's post-build substitution would change; set spec.pipeline.engine: flux in $src/prefill-overlay.yaml (or keep postBuild off that Kustomization)" >&2
  fi
  summary="$summary
  $env: $files manifest(s) in $out/$env"
  count=$((count + 1))
done

echo "$me: hydrated $count overlay(s):$summary"

if [ "$check" = true ]; then
  if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "$me: --check needs a git work tree" >&2
    exit 2
  fi
  changed=$(git status --porcelain --untracked-files=all -- "$out")
  if [ -n "$changed" ]; then
    git --no-pager diff --stat -- "$out" >&2 || true
    echo "$me: FAILED: $out/ is not up to date with the overlays:" >&2
    echo "$changed" >&2
    echo "$me: run gitops/flux/hydrate.sh and commit $out/" >&2
    exit 1
  fi
  echo "$me: $out/ is up to date"
fi
