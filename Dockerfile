# The container form of the function (kustomize `container: image:`, Argo CD, kpt `image:`).
# The bundle is self-contained: no node_modules in the image.
#   docker build -t ghcr.io/llm-prefill/llm-prefill-fn:v0.1.0 .
FROM node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" builds, and the sources are not copied yet (the build runs below).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts/ scripts/
COPY functions/ functions/
COPY base/ base/
# The build records a V8 code cache by running the bundle once on base/ and overlays/prod's
# PrefillOverlay (scripts/build.mjs); this node image is the one that runs it below.
COPY overlays/prod/prefill-overlay.yaml overlays/prod/
RUN npm run build

FROM node:20-alpine
COPY --from=build /src/dist/llm-prefill-fn.js /usr/local/bin/llm-prefill-fn
# The launcher's cache directory, filled here once (the bundle and the build's code cache as
# plain files, scripts/launcher.cjs) and only read at run time: each container starts afresh, and
# nobody could not write it.
ENV LLM_PREFILL_FN_CACHE_DIR=/var/cache/llm-prefill-fn
RUN /usr/local/bin/llm-prefill-fn --version && chmod -R a+rX /var/cache/llm-prefill-fn
# kustomize runs containers with --user nobody and no network; nothing here needs either.
USER nobody
ENTRYPOINT ["/usr/local/bin/llm-prefill-fn"]
