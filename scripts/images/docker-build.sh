#!/usr/bin/env bash
# Builds tskube/<app>:dev (nx target <app>:docker-build, after <app>:build) from apps/<app>/Dockerfile. Honours DOCKER_HOST.
# Base image: node:20-bookworm-slim, unless TSKUBE_OFFLINE_BASE=1 or that image is not present locally
# (no registry here: the offline base is then built from the host's Node.js by build-node-base.sh).
# BASE_IMAGE overrides both. TSKUBE_IMAGE_TAG overrides the tag (default dev).
set -euo pipefail
app=${1:?usage: docker-build.sh <app>}
here=$(cd "$(dirname "$0")" && pwd)
"$here/stage-app.sh" "$app"
offline_tag=tskube/node-base:20
[ "$app" = kube-proxy ] && offline_tag=tskube/node-base:20-iptables
base=${BASE_IMAGE:-}
if [ -z "$base" ]; then
  if [ "${TSKUBE_OFFLINE_BASE:-}" = 1 ] || ! docker image inspect node:20-bookworm-slim >/dev/null 2>&1; then
    "$here/build-node-base.sh"; base=$offline_tag
  else
    base=node:20-bookworm-slim
  fi
fi
tag=tskube/$app:${TSKUBE_IMAGE_TAG:-dev}
DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-0} docker build -q --build-arg "BASE_IMAGE=$base" -t "$tag" "$here/../../dist/docker/$app" >/dev/null
echo "built $tag from $base ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
