"""Drives the Debian python client (python3-kubernetes) against a tskube apiserver.

Usage: pods_roundtrip.py KUBECONFIG NAMESPACE
Lists, creates, patches (strategic merge and JSON patch), watches and deletes pods in
NAMESPACE (which must exist) and prints one JSON object summarising what it saw. The pods
name a scheduler that does not exist, so they stay unbound and delete at once.
"""
import json
import sys
import threading

from kubernetes import client, config, watch


def main():
    kubeconfig, ns = sys.argv[1], sys.argv[2]
    config.load_kube_config(config_file=kubeconfig)
    v1 = client.CoreV1Api()
    out = {}

    listed = v1.list_namespaced_pod(ns)
    out["initial"] = [p.metadata.name for p in listed.items]
    rv = listed.metadata.resource_version

    events = []
    done = threading.Event()

    def watcher():
        w = watch.Watch()
        for ev in w.stream(v1.list_namespaced_pod, ns, resource_version=rv, timeout_seconds=30):
            obj = ev["object"]
            events.append([ev["type"], obj.metadata.name, dict(obj.metadata.labels or {})])
            if ev["type"] == "DELETED":
                w.stop()
        done.set()

    t = threading.Thread(target=watcher, daemon=True)
    t.start()

    body = client.V1Pod(
        metadata=client.V1ObjectMeta(name="py-pod", labels={"app": "py"}),
        spec=client.V1PodSpec(
            scheduler_name="tskube-e2e-none",
            containers=[client.V1Container(name="c", image="tskube/busybox:latest")],
        ),
    )
    created = v1.create_namespaced_pod(ns, body)
    out["created"] = {"name": created.metadata.name, "uid": bool(created.metadata.uid), "phase": created.status.phase}

    patched = v1.patch_namespaced_pod("py-pod", ns, {"metadata": {"labels": {"patched": "strategic"}}})
    out["strategic"] = dict(patched.metadata.labels)
    patched = v1.patch_namespaced_pod("py-pod", ns, [{"op": "add", "path": "/metadata/labels/json", "value": "yes"}])
    out["json"] = dict(patched.metadata.labels)

    out["listed"] = [p.metadata.name for p in v1.list_namespaced_pod(ns, label_selector="app=py").items]
    v1.delete_namespaced_pod("py-pod", ns, grace_period_seconds=0)
    try:
        v1.read_namespaced_pod("py-pod", ns)
        out["after_delete"] = "still there"
    except client.exceptions.ApiException as e:
        out["after_delete"] = e.status

    done.wait(30)
    out["events"] = events
    print(json.dumps(out))


if __name__ == "__main__":
    main()
