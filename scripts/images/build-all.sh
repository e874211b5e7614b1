#!/usr/bin/env bash
# Builds every image the compose cluster and the static-pod bootstrap use, offline, into $DOCKER_HOST:
#   tskube/{apiserver,controller-manager,scheduler,kubelet,kube-proxy}:dev  (docker-build.sh, per app)
#   tskube/etcd:3                                                            (build-etcd-image.sh)
#   tskube/pause, tskube/busybox, tskube/web                                 (build-test-images.sh)
# Needs dist/apps/<app>/main.js (`npx nx run-many -t build`, or node tools/build-app.mjs apps/<app>).
# Existing base/etcd/test images are kept (their scripts are idempotent); app images are always rebuilt.
# TSKUBE_IMAGE_CACHE=<dir>: the images made from host binaries (node-base, etcd, pause/busybox/web) are
# `docker load`ed from <dir>/bases-<key>.tar when present, and saved there after a build, so a fresh engine
# (e2e) does not rebuild them; the key hashes the scripts that make them and the host's node/etcd/busybox.
# Usage: DOCKER_HOST=unix:///run/x.sock scripts/images/build-all.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bases=(tskube/node-base:20 tskube/node-base:20-iptables tskube/etcd:3 tskube/pause:latest tskube/busybox:latest tskube/web:latest)
cache=${TSKUBE_IMAGE_CACHE:-}
if [ -n "$cache" ]; then
  key=$( (cat "$here/build-node-base.sh" "$here/build-etcd-image.sh" "$here/build-test-images.sh"; sha256sum "$(command -v node)" "$(command -v etcd)" /bin/busybox) | sha256sum | cut -c1-16)
  tarball=$cache/bases-$key.tar
  [ -f "$tarball" ] && docker load -q -i "$tarball" >/dev/null && echo "loaded base images from $tarball"
fi
for app in apiserver controller-manager scheduler kubelet kube-proxy; do "$here/docker-build.sh" "$app"; done
"$here/build-etcd-image.sh"
"$here/build-test-images.sh"
if [ -n "$cache" ] && [ ! -f "$tarball" ]; then
  mkdir -p "$cache"; rm -f "$cache"/bases-*.tar
  have=(); for i in "${bases[@]}"; do docker image inspect "$i" >/dev/null 2>&1 && have+=("$i"); done
  docker save -o "$tarball.tmp" "${have[@]}" && mv "$tarball.tmp" "$tarball" && echo "saved base images to $tarball"
fi
