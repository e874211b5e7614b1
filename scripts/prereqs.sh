#!/usr/bin/env bash
# Installs what a tskube cluster needs from Debian, if it is missing: a Docker engine, etcd,
# iptables, kubectl, a static busybox (for the local images), curl, iproute2 and conntrack
# (kube-proxy clears stale UDP flows with it), and the Debian python client python3-kubernetes
# (the e2e compatibility test runs it with /usr/bin/python3), and a compose CLI (docker-compose).
# Idempotent: does nothing when every tool is already there. Needs root to install.
set -euo pipefail
declare -A pkg_of=(
  [dockerd]=docker.io [etcd]=etcd-server [iptables-restore]=iptables [kubectl]=kubectl
  [busybox]=busybox-static [curl]=curl [ip]=iproute2 [nsenter]=util-linux [conntrack]=conntrack
)
missing=()
for tool in "${!pkg_of[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${pkg_of[$tool]}")
done
# busybox must be the static build (the images copy it into an empty root filesystem).
if command -v busybox >/dev/null 2>&1 && ldd "$(command -v busybox)" >/dev/null 2>&1; then missing+=(busybox-static); fi
# The python client is a module, not a command: ask Debian's python3 (not a pyenv shim).
/usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1 || missing+=(python3-kubernetes)
# A compose CLI for deploy/ and its e2e (e2e/src/compose.spec.ts): the v2 plugin or Debian's docker-compose.
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ ${#missing[@]} -eq 0 ]; then
  echo "prerequisites: all present"
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" != 0 ]; then
  echo "prerequisites missing: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "prerequisites: installed ${missing[*]}"
