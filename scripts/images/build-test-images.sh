#!/usr/bin/env bash
# Builds the images tskube's tests and quick start use, offline, from the host's static busybox
# (Debian package busybox-static): no registry is needed.
#   tskube/pause:latest    the pod sandbox: sleeps, exits 0 on SIGTERM/SIGINT
#   tskube/busybox:latest  a shell and the usual tools
#   tskube/web:latest      busybox httpd on port 80 serving a page that names the pod
# Usage: DOCKER_HOST=unix:///run/x.sock scripts/images/build-test-images.sh [--force]
# Idempotent: an image that already exists is kept unless --force is given.
set -euo pipefail
BUSYBOX=${BUSYBOX:-/bin/busybox}
[ -x "$BUSYBOX" ] || { echo "build-test-images: $BUSYBOX not found (apt-get install busybox-static)" >&2; exit 1; }
file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' || ldd "$BUSYBOX" 2>&1 | grep -q 'not a dynamic' \
  || { echo "build-test-images: $BUSYBOX is not statically linked" >&2; exit 1; }
force=${1:-}

have() { [ "$force" != "--force" ] && docker image inspect "$1" >/dev/null 2>&1; }

rootfs() { # dir: a minimal busybox root filesystem
  local d=$1
  mkdir -p "$d/bin" "$d/etc" "$d/tmp" "$d/www" "$d/proc" "$d/sys" "$d/dev" "$d/var/log"
  cp "$BUSYBOX" "$d/bin/busybox"
  for a in $("$BUSYBOX" --list); do [ "$a" = busybox ] || ln -sf /bin/busybox "$d/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$d/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$d/etc/group"
  chmod 1777 "$d/tmp"
}

import() { # name dir change...
  local name=$1 dir=$2; shift 2
  local args=()
  for c in "$@"; do args+=(--change "$c"); done
  tar -C "$dir" -c . | docker import "${args[@]}" - "$name" >/dev/null
  echo "built $name"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs "$work/root"

have tskube/pause:latest || import tskube/pause:latest "$work/root" \
  'ENV PATH=/bin' \
  'CMD ["/bin/sh","-c","trap \"exit 0\" TERM INT; while :; do sleep 3600 & wait $!; done"]'

have tskube/busybox:latest || import tskube/busybox:latest "$work/root" \
  'ENV PATH=/bin' 'CMD ["/bin/sh"]'

have tskube/web:latest || import tskube/web:latest "$work/root" \
  'ENV PATH=/bin' 'EXPOSE 80' \
  'CMD ["/bin/sh","-c","printf \"<!DOCTYPE html>\\n<html><head><title>Welcome to tskube!</title></head>\\n<body><h1>Welcome to tskube!</h1>\\n<p>served by %s</p></body></html>\\n\" \"$(hostname)\" > /www/index.html; httpd -f -v -p 80 -h /www & trap \"kill $! 2>/dev/null; exit 0\" TERM INT; wait $!"]'
