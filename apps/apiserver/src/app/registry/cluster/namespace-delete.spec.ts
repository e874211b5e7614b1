import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { Namespace } from '@tskube/api-types';
import { ConflictError } from '../../errors/api-errors';
import { forEachStorageBackend } from '../../storage/storage-backends';
import { CountingStorage, startInProcessApi, testRegistry } from '../in-process-api';
import type { InProcessApi } from '../in-process-api';
import type { Store } from '../store';

/** Upstream namespace REST Delete: a namespace that is already terminating is answered as stored. */
describe('DELETE of a terminating namespace', () => {
  let storage: CountingStorage;
  let nss: Store;
  const rvOf = (o: { metadata?: { resourceVersion?: string } }): string => o.metadata?.resourceVersion ?? '';
  beforeEach(async () => {
    storage = new CountingStorage();
    const reg = await testRegistry(storage);
    nss = reg.mustStore(RESOURCES.namespaces);
    await nss.create({}, { metadata: { name: 'doomed' } });
  });

  it('writes nothing the second time: same object, same resourceVersion, no new revision', async () => {
    const first = (await nss.delete({}, 'doomed')).object as Namespace;
    assert.equal(first.status?.phase, 'Terminating');
    const revision = await storage.currentRevision();
    const updates = storage.updates;
    const second = await nss.delete({}, 'doomed', { propagationPolicy: 'Foreground' });
    assert.equal(second.deleted, false);
    assert.equal(rvOf(second.object), rvOf(first));
    assert.deepEqual(second.object, first, 'the stored namespace is the answer; the propagation policy adds no finalizer');
    assert.equal(await storage.currentRevision(), revision, 'no write happened (a write would bump the revision and send a watch event)');
    assert.equal(storage.updates, updates, 'not even a read-modify-write was attempted, as upstream returns before GuaranteedUpdate');
    assert.equal(rvOf(await nss.get({}, 'doomed')), rvOf(first));
  });

  it('checks the preconditions first, with upstream messages, terminating or not', async () => {
    const live = await nss.get({}, 'doomed');
    await assert.rejects(nss.delete({}, 'doomed', { preconditions: { uid: 'other' } }), (e: unknown) => e instanceof ConflictError && e.message === `Operation cannot be fulfilled on namespaces "doomed": Precondition failed: UID in precondition: other, UID in object meta: ${live.metadata?.uid}`);
    const first = (await nss.delete({}, 'doomed', { preconditions: { resourceVersion: rvOf(live) } })).object;
    await assert.rejects(nss.delete({}, 'doomed', { preconditions: { resourceVersion: rvOf(live) } }), (e: unknown) => e instanceof ConflictError && e.message === `Operation cannot be fulfilled on namespaces "doomed": Precondition failed: ResourceVersion in precondition: ${rvOf(live)}, ResourceVersion in object meta: ${rvOf(first)}`);
    const again = await nss.delete({}, 'doomed', { preconditions: { uid: first.metadata?.uid ?? '', resourceVersion: rvOf(first) } });
    assert.equal(rvOf(again.object), rvOf(first));
  });
});

/** The same on each storage backend (real etcd when installed), after a namespace-controller-style status write. */
forEachStorageBackend((backend, open) => {
  describe(`DELETE of a terminating namespace (${backend})`, () => {
    it('keeps the resourceVersion and the store revision', async () => {
      const { storage, close } = await open();
      try {
        const reg = await testRegistry(storage);
        const nss = reg.mustStore(RESOURCES.namespaces);
        await nss.create({}, { metadata: { name: 'doomed' } });
        await nss.delete({}, 'doomed');
        const condition = { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered', lastTransitionTime: '2026-01-01T00:00:00Z' };
        await nss.update({}, 'doomed', (cur) => ({ ...cur!, status: { ...(cur as Namespace).status, conditions: [condition] } }), { subresource: 'status' });
        const before = await nss.get({}, 'doomed');
        const revision = await storage.currentRevision();
        const again = await nss.delete({}, 'doomed');
        assert.equal(again.object.metadata?.resourceVersion, before.metadata?.resourceVersion);
        assert.equal(await storage.currentRevision(), revision);
      } finally {
        await close();
      }
    });
  });
});

/** What the unmodified kubectl sees, against the HTTP API of an in-process apiserver on 127.0.0.1. */
describe('kubectl delete namespace, twice', () => {
  let api: InProcessApi;
  const kubectl = (...args: string[]): Promise<string> => api.kubectl(...args);
  before(async () => {
    api = await startInProcessApi();
  });
  after(() => api.close());

  it('reports the namespace deleted both times and the second DELETE leaves it as it was', async () => {
    await kubectl('create', 'namespace', 'doomed');
    assert.equal(await kubectl('delete', 'namespace', 'doomed', '--wait=false'), 'namespace "doomed" deleted\n');
    const state = (): Promise<string> => kubectl('get', 'namespace', 'doomed', '-o', 'jsonpath={.metadata.resourceVersion} {.status.phase} {.metadata.deletionTimestamp}');
    const before = await state();
    assert.match(before, /^\d+ Terminating \S+Z$/);
    assert.equal(await kubectl('delete', 'namespace', 'doomed', '--wait=false'), 'namespace "doomed" deleted\n');
    assert.equal(await state(), before);
    assert.match(await kubectl('get', 'namespace', 'doomed', '--no-headers'), /^doomed\s+Terminating\s+\S+\n$/);
  });
});
