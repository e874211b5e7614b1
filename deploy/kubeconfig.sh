#!/bin/sh
# Prints the kubeconfig for the compose cluster (or the static-pod bootstrap): the apiserver's insecure
# port on the node's loopback, no credentials (tskube serves plain HTTP there, bound to 127.0.0.1 only).
# Usage: deploy/kubeconfig.sh [server] > ~/.kube/tskube; export KUBECONFIG=~/.kube/tskube
#        (server defaults to http://127.0.0.1:8080; equivalent: kubectl -s http://127.0.0.1:8080 ...)
server=${1:-http://127.0.0.1:8080}
cat <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: tskube
  cluster:
    server: $server
users:
- name: tskube-admin
  user: {}
contexts:
- name: tskube
  context:
    cluster: tskube
    user: tskube-admin
    namespace: default
current-context: tskube
KUBECONFIG
