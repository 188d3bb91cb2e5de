#!/bin/sh
# Hydrates the overlays for Flux: runs `llm-prefill-fn render overlays/<env> --out hydrated/<env>`
# for each Flux overlay and prints a summary. Flux runs no KRM functions, so CI commits
# hydrated/ (or pushes it as an OCI artifact) and a Flux Kustomization points at hydrated/<env>.
#
# Usage: gitops/flux/hydrate.sh [--check] [ENV...]
#   run from the repository root (or set HYDRATE_ROOT). Without ENV: every overlays/<env> whose
#   PrefillOverlay sets `engine: flux` (the others are listed as skipped); ENV... hydrates exactly
#   those overlays, whatever their engine.
#   --check   hydrate, then fail if hydrated/ differs from what is committed (git), e.g. in a
#             pull request: the overlays changed but hydrated/ was not regenerated; and fail if
#             an escaped overlay's Flux Kustomization lacks postBuild.substituteStrategy: Always.
#
# The function: $LLM_PREFILL_FN if set (a command, may contain arguments), else llm-prefill-fn
# from PATH, else node dist/llm-prefill-fn.js (npm run build). Flux Kustomizations are looked for
# in $FLUX_KUSTOMIZATIONS (default gitops/flux). Exit status: 0 when every overlay rendered (and,
# with --check, nothing differs); 1 on the first overlay that fails or on a difference; 2 on a
# usage error.
set -eu

me=hydrate.sh
check=false
envs=
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# Whether an overlay's PrefillOverlay sets engine: flux (block or flow style).
is_flux_overlay() {
  grep -Eqs '(^|[{,[:space:]])engine:[[:space:]]*["'\'']?flux["'\'']?([,}[:space:]]|$)' "$1"/*.yaml
}

if [ -z "$envs" ]; then
  skipped=
  for dir in "$overlays"/*/; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    if is_flux_overlay "$dir"; then
      envs="$envs $name"
    else
      skipped="$skipped $name"
    fi
  done
  if [ -n "$skipped" ]; then
    echo "$me: skipped (not engine: flux; name them to hydrate them anyway):$skipped" >&2
  fi
fi
if [ -z "$envs" ]; then
  echo "$me: no overlays in $overlays/" >&2
  exit 1
fi

mkdir -p "$out"
escaped_envs=
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
    if is_flux_overlay "$src"; then
      advice="set spec.pipeline.flux.scope: all in $src so that the function covers them too"
    else
      advice="set spec.pipeline.engine: flux in $src (or keep postBuild off that Kustomization)"
    fi
    echo "$me: warning: $out/$env:$exposed contain \${...} that Flux's post-build substitution would change; $advice" >&2
  fi
  # Escaped output is only right when Flux substitutes: without any variable it skips
  # substitution unless the Kustomization says substituteStrategy: Always.
  if grep -qs 'llm-prefill\.dev/flux-escaped:' "$out/$env"/*.yaml; then
    escaped_envs="$escaped_envs $env"
  fi
  summary="$summary
  $env: $files manifest(s) in $out/$env"
  count=$((count + 1))
done

echo "$me: hydrated $count overlay(s):$summary"

# Every Flux Kustomization (in $FLUX_KUSTOMIZATIONS) that applies an escaped hydrated/<env> must
# set postBuild.substituteStrategy: Always. Checked always, fatal with --check.
kdir=${FLUX_KUSTOMIZATIONS:-gitops/flux}
strategy_problems=
for env in $escaped_envs; do
  found=
  for k in "$kdir"/*.yaml; do
    [ -f "$k" ] || continue
    # Settings, not comments: each pattern starts at the beginning of a line without `#`.
    grep -Eq '^[^#]*kind:[[:space:]]*Kustomization' "$k" || continue
    grep -Eq "^[^#]*path:[[:space:]]*[\"']?(\./)?$out/$env/?[\"']?[[:space:]]*\$" "$k" || continue
    found=yes
    if ! grep -Eq '^[^#]*substituteStrategy:[[:space:]]*["'\'']?Always' "$k"; then
      strategy_problems="$strategy_problems
  $k applies $out/$env (escaped for Flux) without postBuild.substituteStrategy: Always"
    fi
  done
  if [ -z "$found" ]; then
    echo "$me: note: $out/$env is escaped for Flux and no Kustomization in $kdir/ applies it: the one that does must set postBuild.substituteStrategy: Always" >&2
  fi
done
if [ -n "$strategy_problems" ]; then
  if [ "$check" = true ]; then
    echo "$me: FAILED: without any variable Flux skips substitution and escaped \$\${...} would reach bash as they are:$strategy_problems" >&2
    exit 1
  fi
  echo "$me: warning: without any variable Flux skips substitution and escaped \$\${...} would reach bash as they are:$strategy_problems" >&2
fi

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
