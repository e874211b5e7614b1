# The ONE image recipe of the five tskube components (apiserver, controller-manager, scheduler,
# kubelet, kube-proxy); `nx run <app>:docker-build` (scripts/images/docker-build.sh) builds it per app.
# Build context: dist/docker/<app>/, prepared on the host by scripts/images/stage-app.sh (bundled main.js +
# production node_modules), so the build itself never needs a registry.
# Build args:
#   BASE_IMAGE    node:20-bookworm-slim with a registry; tskube/node-base:20 offline (build-node-base.sh)
#   APP           the component's name (image label only: the context already holds its bundle)
#   APT_PACKAGES  Debian packages the component needs at run time, installed only when NEEDS_CMD is
#   NEEDS_CMD     missing from the base (kube-proxy: "iptables conntrack" / iptables-restore; the offline
#                 base tskube/node-base:20-iptables already has them, so offline builds install nothing)
ARG BASE_IMAGE=node:20-bookworm-slim

# One stage, dependencies first: every app built on the same engine REUSES the node_modules layer
# (same content, same parent), so the five images share it on disk and only main.js differs.
FROM ${BASE_IMAGE}
ARG APT_PACKAGES=
ARG NEEDS_CMD=
RUN [ -z "$APT_PACKAGES" ] || command -v "$NEEDS_CMD" >/dev/null \
 || (apt-get update && apt-get install -y --no-install-recommends $APT_PACKAGES && rm -rf /var/lib/apt/lists/*)
WORKDIR /app
COPY package.json ./
COPY node_modules/ ./node_modules/
COPY main.js main.js.map ./
# APP only here: a build arg in scope changes the cache key of every later RUN, which would unshare the layers.
ARG APP=unknown
LABEL org.opencontainers.image.title="tskube-${APP}"
ENV NODE_ENV=production
ENTRYPOINT ["node", "--enable-source-maps", "/app/main.js"]
