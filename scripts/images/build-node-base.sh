#!/usr/bin/env bash
# Builds tskube's OFFLINE base images from the host's own Node.js, with no registry:
#   tskube/node-base:20           /usr/bin/node + the shared libraries `ldd` lists + static busybox (sh, ip, ...)
#   tskube/node-base:20-iptables  the same + iptables/iptables-restore/iptables-save (nft and legacy),
#                                 their xtables modules and libraries, and conntrack (for kube-proxy)
# They stand in for node:20-bookworm-slim as the Dockerfiles' BASE_IMAGE (see docs/deploy.md).
# Usage: DOCKER_HOST=unix:///run/x.sock scripts/images/build-node-base.sh [--force]
# Idempotent: an existing image is kept unless --force is given.
set -euo pipefail
NODE=${NODE:-$(command -v node)}
BUSYBOX=${BUSYBOX:-/bin/busybox}
force=${1:-}
[ -x "$NODE" ] || { echo "build-node-base: node not found" >&2; exit 1; }
[ -x "$BUSYBOX" ] || { echo "build-node-base: $BUSYBOX not found (apt-get install busybox-static)" >&2; exit 1; }

have() { [ "$force" != "--force" ] && docker image inspect "$1" >/dev/null 2>&1; }

copy_with_libs() { # root file...: copies each file (symlinks resolved) and every library ldd lists for it
  local root=$1; shift
  for f in "$@"; do
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
    ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
      [ -e "$root$lib" ] && continue
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
  done
}

base_rootfs() { # dir
  local d=$1
  mkdir -p "$d/bin" "$d/etc" "$d/tmp" "$d/proc" "$d/sys" "$d/dev" "$d/app" "$d/root" "$d/usr/sbin" "$d/lib64"
  cp "$BUSYBOX" "$d/bin/busybox"
  for a in $("$BUSYBOX" --list); do [ "$a" = busybox ] || ln -sf /bin/busybox "$d/bin/$a"; done
  copy_with_libs "$d" "$(readlink -f "$NODE")"
  [ "$(readlink -f "$NODE")" = /usr/bin/node ] || { mkdir -p "$d/usr/bin"; ln -sf "$(readlink -f "$NODE")" "$d/usr/bin/node"; }
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$d/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' > "$d/etc/group"
  printf 'hosts: files dns\n' > "$d/etc/nsswitch.conf"
  cp /etc/os-release "$d/etc/os-release" 2>/dev/null || true   # OS-IMAGE in `kubectl get nodes -o wide`: the binaries are the host's
  cp /etc/ssl/certs/ca-certificates.crt "$d/etc/ca-certificates.crt" 2>/dev/null || true
  chmod 1777 "$d/tmp"
}

add_iptables() { # dir
  local d=$1 m
  local bins=(/usr/sbin/xtables-nft-multi /usr/sbin/xtables-legacy-multi /usr/sbin/conntrack)
  for m in "${bins[@]}"; do [ -x "$m" ] && copy_with_libs "$d" "$m"; done
  for m in /usr/lib/x86_64-linux-gnu/xtables/*.so; do copy_with_libs "$d" "$m"; done
  for t in iptables ip6tables; do for s in "" -save -restore; do
    ln -sf xtables-nft-multi "$d/usr/sbin/$t-nft$s"; ln -sf xtables-legacy-multi "$d/usr/sbin/$t-legacy$s"
    ln -sf "$t-${IPTABLES_MODE:-nft}$s" "$d/usr/sbin/$t$s"
  done; done
}

import() { # name dir
  tar -C "$2" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ca-certificates.crt' \
    --change 'WORKDIR /app' --change 'CMD ["node"]' - "$1" >/dev/null
  echo "built $1"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! have tskube/node-base:20; then base_rootfs "$work/base"; import tskube/node-base:20 "$work/base"; fi
if ! have tskube/node-base:20-iptables; then
  base_rootfs "$work/ipt"; add_iptables "$work/ipt"; import tskube/node-base:20-iptables "$work/ipt"
fi
