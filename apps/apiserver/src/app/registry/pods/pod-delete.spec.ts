import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, Pod } from '@tskube/api-types';
import { ConflictError } from '../../errors/api-errors';
import { forEachStorageBackend } from '../../storage/storage-backends';
import { CountingStorage, startInProcessApi, testRegistry } from '../in-process-api';
import type { InProcessApi } from '../in-process-api';
import { addSeconds } from '../object-meta';
import type { Store } from '../store';
import { bindPod } from './binding';

const ns = { namespace: 'default' };
const seconds = (ts: string | undefined): number => Date.parse(ts ?? '') / 1000;

/** Upstream rest.BeforeDelete + generic Store.Delete for a pod whose graceful deletion has begun. */
describe('DELETE of a pod being deleted gracefully', () => {
  let storage: CountingStorage;
  let pods: Store;
  let first: KubeObject;
  beforeEach(async () => {
    storage = new CountingStorage();
    pods = (await testRegistry(storage)).mustStore(RESOURCES.pods);
    await pods.create(ns, { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as KubeObject);
    await bindPod(pods, ns, 'p', { target: { kind: 'Node', name: 'n1' } } as KubeObject);
    first = (await pods.delete(ns, 'p', { gracePeriodSeconds: 30 })).object;
    assert.equal(first.metadata?.deletionGracePeriodSeconds, 30);
    assert.equal(first.metadata?.finalizers, undefined);
  });

  it('a grace period that is not shorter (or none) writes nothing and leaves the finalizers to the first DELETE', async () => {
    const revision = await storage.currentRevision();
    const updates = storage.updates;
    for (const opts of [{ gracePeriodSeconds: 30, propagationPolicy: 'Orphan' }, { gracePeriodSeconds: 45, propagationPolicy: 'Foreground' }, { propagationPolicy: 'Orphan' }, { orphanDependents: true }]) {
      const again = await pods.delete(ns, 'p', opts);
      assert.equal(again.deleted, false);
      assert.deepEqual(again.object, first, `${JSON.stringify(opts)}: the stored pod is the answer`);
    }
    assert.equal(await storage.currentRevision(), revision, 'no write (it would bump the revision and send a watch event)');
    assert.equal(storage.updates, updates, 'not even a read-modify-write, as upstream returns before GuaranteedUpdate');
    const live = await pods.get(ns, 'p');
    assert.equal(live.metadata?.resourceVersion, first.metadata?.resourceVersion);
    assert.equal(live.metadata?.finalizers, undefined);
  });

  it('a pending deletion still checks the preconditions', async () => {
    await assert.rejects(pods.delete(ns, 'p', { gracePeriodSeconds: 30, preconditions: { uid: 'other' } }), ConflictError);
    await assert.rejects(pods.delete(ns, 'p', { preconditions: { resourceVersion: '1' } }), ConflictError);
    assert.deepEqual(await pods.get(ns, 'p'), first);
  });

  it('a shorter grace period moves the deadline back by the difference and applies the propagation policy', async () => {
    // As if the first DELETE came 15 s ago: the new deadline is relative to it, not to now.
    const deadline = addSeconds(first.metadata!.deletionTimestamp!, -15);
    first = await storage.guaranteedUpdate(pods.key('default', 'p'), (cur) => ({ ...cur!, metadata: { ...cur!.metadata, deletionTimestamp: deadline } }));
    const shorter = (await pods.delete(ns, 'p', { gracePeriodSeconds: 10, propagationPolicy: 'Orphan' })).object;
    assert.equal(shorter.metadata?.deletionGracePeriodSeconds, 10);
    assert.equal(seconds(shorter.metadata?.deletionTimestamp), seconds(deadline) - 20, 'old deadline - old grace + new grace');
    assert.deepEqual(shorter.metadata?.finalizers, ['orphan'], 'upstream updates the GC finalizers once BeforeDelete found the deletion graceful');
    assert.notEqual(shorter.metadata?.resourceVersion, first.metadata?.resourceVersion);
    const fg = (await pods.delete(ns, 'p', { gracePeriodSeconds: 5, propagationPolicy: 'Foreground' })).object;
    assert.deepEqual(fg.metadata?.finalizers, ['foregroundDeletion']);
    assert.equal(seconds(fg.metadata?.deletionTimestamp), seconds(deadline) - 25);
  });

  it('gracePeriodSeconds 0 deletes it; a negative one counts as 1 second', async () => {
    assert.equal((await pods.delete(ns, 'p', { gracePeriodSeconds: -5 })).object.metadata?.deletionGracePeriodSeconds, 1);
    assert.equal((await pods.delete(ns, 'p', { gracePeriodSeconds: 0 })).deleted, true);
    await assert.rejects(pods.get(ns, 'p'));
  });

  it('gracePeriodSeconds 0 on a pod with a finalizer keeps it with grace 0 and the deadline moved back to the first DELETE', async () => {
    await pods.create(ns, { metadata: { name: 'f', finalizers: ['example.com/x'] }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as KubeObject);
    await bindPod(pods, ns, 'f', { target: { kind: 'Node', name: 'n1' } } as KubeObject);
    const graceful = (await pods.delete(ns, 'f', { gracePeriodSeconds: 30 })).object;
    const forced = await pods.delete(ns, 'f', { gracePeriodSeconds: 0 });
    assert.equal(forced.deleted, false);
    assert.equal(forced.object.metadata?.deletionGracePeriodSeconds, 0);
    assert.equal(seconds(forced.object.metadata?.deletionTimestamp), seconds(graceful.metadata?.deletionTimestamp) - 30);
    assert.deepEqual(forced.object.metadata?.finalizers, ['example.com/x']);
  });

  it('a pod kept only by a finalizer (grace period 0 on record) follows the generic rules', async () => {
    await pods.create(ns, { metadata: { name: 'q', finalizers: ['example.com/x'] }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as KubeObject);
    await bindPod(pods, ns, 'q', { target: { kind: 'Node', name: 'n1' } } as KubeObject);
    const held = (await pods.delete(ns, 'q', { gracePeriodSeconds: 0 })).object as Pod;
    assert.equal(held.metadata?.deletionGracePeriodSeconds, 0, 'markAsDeleting');
    const again = await pods.delete(ns, 'q', { propagationPolicy: 'Orphan' });
    assert.equal(again.deleted, false);
    assert.deepEqual(again.object.metadata?.finalizers, ['example.com/x', 'orphan'], 'no pending grace period: the policy applies');
  });
});

/** The pending case on each storage backend (real etcd when installed): same resourceVersion, same store revision. */
forEachStorageBackend((backend, open) => {
  describe(`DELETE of a pod being deleted gracefully (${backend})`, () => {
    it('keeps the resourceVersion, the store revision and the finalizers', async () => {
      const { storage, close } = await open();
      try {
        const pods = (await testRegistry(storage)).mustStore(RESOURCES.pods);
        await pods.create(ns, { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as KubeObject);
        await bindPod(pods, ns, 'p', { target: { kind: 'Node', name: 'n1' } } as KubeObject);
        const first = (await pods.delete(ns, 'p', { gracePeriodSeconds: 30 })).object;
        const revision = await storage.currentRevision();
        const again = await pods.delete(ns, 'p', { gracePeriodSeconds: 30, propagationPolicy: 'Orphan' });
        assert.equal(again.object.metadata?.resourceVersion, first.metadata?.resourceVersion);
        assert.equal(again.object.metadata?.finalizers, undefined);
        assert.equal(await storage.currentRevision(), revision);
      } finally {
        await close();
      }
    });
  });
});

/** What the unmodified kubectl sees: `kubectl delete pod --cascade=orphan` again changes nothing. */
describe('kubectl delete pod, twice', () => {
  let api: InProcessApi;
  before(async () => {
    api = await startInProcessApi();
  });
  after(() => api.close());

  it('reports the pod deleted both times; the second leaves its resourceVersion and finalizers as they were', async () => {
    const pods = api.registry.mustStore(RESOURCES.pods);
    await pods.create(ns, { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as KubeObject);
    await bindPod(pods, ns, 'p', { target: { kind: 'Node', name: 'n1' } } as KubeObject);
    const del = (...extra: string[]): Promise<string> => api.kubectl('delete', 'pod', 'p', '-n', 'default', '--wait=false', ...extra);
    const state = (): Promise<string> => api.kubectl('get', 'pod', 'p', '-n', 'default', '-o', 'jsonpath={.metadata.resourceVersion}|{.metadata.deletionGracePeriodSeconds}|{.metadata.finalizers}');
    assert.equal(await del(), 'pod "p" deleted\n');
    const before = await state();
    assert.match(before, /^\d+\|30\|$/);
    assert.equal(await del('--cascade=orphan'), 'pod "p" deleted\n');
    assert.equal(await state(), before);
    assert.equal(await del('--cascade=orphan', '--grace-period=10'), 'pod "p" deleted\n');
    assert.match(await state(), /^\d+\|10\|\["orphan"\]$/);
  });
});
