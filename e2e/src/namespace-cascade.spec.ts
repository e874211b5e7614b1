/**
 * `kubectl delete namespace` with `--cascade=orphan` and `--cascade=foreground`, as upstream:
 * the apiserver puts `orphan` / `foregroundDeletion` into the Namespace's metadata.finalizers
 * next to the namespace controller's `kubernetes`; the garbage collector treats the Namespace as
 * an owner — a pod in `default` whose ownerReference names the Namespace is orphaned (reference
 * stripped, pod kept) or deleted first (the Namespace waits for it: blockOwnerDeletion) — and
 * the namespace goes once both finalizers are gone, so kubectl's wait ends.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

/** A pod in `default` owned by Namespace `ns` (uid `uid`), blocking its owner's foreground deletion. */
const tenant = (ns: string, uid: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${ns}-tenant
  ownerReferences: [{ apiVersion: v1, kind: Namespace, name: ${ns}, uid: ${uid}, blockOwnerDeletion: true }]
spec:
  terminationGracePeriodSeconds: 1
  containers: [{ name: c, image: tskube/busybox:latest, command: [sleep, '3600'] }]
`;

describe('namespace deletion with orphan and foreground propagation', { skip: e2eUnavailable(), timeout: 360_000 }, () => {
  const { kubectl: k, step } = useE2ECluster('ns-cascade');

  /** Creates namespace `ns` with a ConfigMap inside and its tenant pod in `default`. */
  const populate = async (ns: string): Promise<void> => {
    await k(['create', 'namespace', ns]);
    await k(['create', 'configmap', 'inside', '-n', ns, '--from-literal=a=b']);
    const uid = (await k(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.uid}'])).stdout.trim();
    await k(['apply', '-f', '-'], { input: tenant(ns, uid) });
  };
  const exists = async (args: string[]): Promise<boolean> => (await k(['get', ...args, '-o', 'name', '--ignore-not-found'])).stdout.trim() !== '';

  it('--cascade=orphan: the namespace goes, its tenant pod stays without the owner reference', step(async () => {
    await populate('orph');
    const out = await k(['delete', 'namespace', 'orph', '--cascade=orphan', '--timeout=180s']);
    assert.equal(out.stdout, 'namespace "orph" deleted\n');
    assert.equal(await exists(['namespace', 'orph']), false, 'kubectl waited until the namespace was gone');
    const refs = await k(['get', 'pod', 'orph-tenant', '-o', 'jsonpath={.metadata.ownerReferences}']);
    assert.equal(refs.stdout, '', 'the collector stripped the reference to the Namespace before removing its orphan finalizer');
  }));

  it('--cascade=foreground: the namespace waits with foregroundDeletion until its tenant pod is gone', step(async () => {
    await populate('fg');
    const deleting = k(['delete', 'namespace', 'fg', '--cascade=foreground', '--timeout=180s']);
    let sawWaiting = false;
    await eventually('namespace fg gone', async () => {
      const [ns, pod] = await Promise.all([k(['get', 'namespace', 'fg', '-o', 'jsonpath={.metadata.finalizers} {.spec.finalizers}', '--ignore-not-found']), exists(['pod', 'fg-tenant'])]);
      if (ns.stdout === '') {
        assert.equal(pod, false, 'the tenant pod must be gone when the namespace goes');
        return true;
      }
      if (pod && ns.stdout.includes('foregroundDeletion')) sawWaiting = true;
      return undefined;
    }, 180_000);
    assert.equal((await deleting).stdout, 'namespace "fg" deleted\n');
    assert.ok(sawWaiting, 'the namespace was seen holding foregroundDeletion while its dependent existed');
    assert.equal(await exists(['configmap', 'inside', '-n', 'fg']), false);
  }));
});
