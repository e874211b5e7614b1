#!/usr/bin/env bash
# Builds tskube/etcd:3 offline from the host's etcd (Debian package etcd-server) + static busybox:
# the etcd binary and the libraries `ldd` lists, imported with `docker import` (no registry needed).
# Used by deploy/docker-compose.yml (ETCD_IMAGE overrides it, e.g. with the upstream etcd image).
# Usage: DOCKER_HOST=unix:///run/x.sock scripts/images/build-etcd-image.sh [--force]
set -euo pipefail
ETCD=${ETCD:-$(command -v etcd)}
BUSYBOX=${BUSYBOX:-/bin/busybox}
[ -x "$ETCD" ] || { echo "build-etcd-image: etcd not found (apt-get install etcd-server)" >&2; exit 1; }
[ "${1:-}" != "--force" ] && docker image inspect tskube/etcd:3 >/dev/null 2>&1 && exit 0
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
mkdir -p "$d/bin" "$d/usr/bin" "$d/tmp" "$d/var/lib/etcd" "$d/etc"
cp "$BUSYBOX" "$d/bin/busybox"
for a in $("$BUSYBOX" --list); do [ "$a" = busybox ] || ln -sf /bin/busybox "$d/bin/$a"; done
for f in "$(readlink -f "$ETCD")" $(ldd "$ETCD" 2>/dev/null | grep -oE '/[^ ]+'); do
  mkdir -p "$d$(dirname "$f")"; cp -L "$f" "$d$f"
done
[ -e "$d/usr/bin/etcd" ] || ln -sf "$(readlink -f "$ETCD")" "$d/usr/bin/etcd"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$d/etc/passwd"; chmod 1777 "$d/tmp"
tar -C "$d" -c . | docker import --change 'ENV PATH=/usr/bin:/bin' --change 'ENTRYPOINT ["/usr/bin/etcd"]' - tskube/etcd:3 >/dev/null
echo "built tskube/etcd:3"
