import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { Deployment, KubeObject, ReplicaSet } from '@tskube/api-types';
import { FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { makePod, makeRS, testLogger } from '../../testing/fixtures';
import { syncOwnerFinalizers, WAIT_REQUEUE_MS } from './owner-finalizers';

const dOwner = { kind: 'Deployment', name: 'web', uid: 'uid-d' };
function deploying(finalizer: string, extra: Partial<KubeObject['metadata']> = {}): Deployment {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'uid-d', resourceVersion: '7', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: [finalizer], ...extra } };
}
function ownedRS(name: string, deleting = false): ReplicaSet {
  const rs = makeRS(name, 1, { uid: `uid-${name}` });
  rs.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', ...dOwner, controller: true, blockOwnerDeletion: true }];
  return deleting ? { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } } : rs;
}
function fixture(rss: KubeObject[], pods: KubeObject[] = []) {
  const client = new FakeClient();
  const recorder = new FakeRecorder();
  return { client, recorder, deps: { dependents: { pods: new FakeLister(pods), replicasets: new FakeLister(rss) }, client, logger: testLogger, recorder } };
}

describe('syncOwnerFinalizers', () => {
  it('foreground: deletes blocking dependents with Foreground and waits for them', async () => {
    const f = fixture([ownedRS('web-1'), ownedRS('web-2', true)]);
    const r = await syncOwnerFinalizers(f.deps, RESOURCES.deployments, deploying('foregroundDeletion'));
    assert.deepEqual(f.client.summary(), ['delete replicasets default/web-1']);
    assert.equal(r.requeueAfterMs, WAIT_REQUEUE_MS);
  });

  it('foreground: removes the finalizer (resourceVersion-guarded) once no blocking dependent is left', async () => {
    const f = fixture([], [makePod('loose', { owner: dOwner })].map((p) => ({ ...p, metadata: { ...p.metadata, ownerReferences: [{ apiVersion: 'apps/v1', ...dOwner }] } })));
    await syncOwnerFinalizers(f.deps, RESOURCES.deployments, deploying('foregroundDeletion'));
    assert.deepEqual(f.client.summary(), ['delete pods default/loose', 'patch deployments default/web']);
    assert.deepEqual(f.client.actions[1]!.patch, { metadata: { resourceVersion: '7', finalizers: null } });
  });

  it('orphan: strips the owner reference from dependents, then the finalizer', async () => {
    const f = fixture([ownedRS('web-1')]);
    await syncOwnerFinalizers(f.deps, RESOURCES.deployments, deploying('orphan'));
    assert.deepEqual(f.client.summary(), ['patch replicasets default/web-1', 'patch deployments default/web']);
    assert.deepEqual(f.client.actions[0]!.patch, { metadata: { uid: 'uid-web-1', ownerReferences: null } });
  });

  it('an ownerReference cycle is reported and not waited for', async () => {
    const rs = ownedRS('web-1', true);
    const owner = deploying('foregroundDeletion', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'uid-web-1', blockOwnerDeletion: true }] });
    const f = fixture([rs]);
    const r = await syncOwnerFinalizers(f.deps, RESOURCES.deployments, owner);
    assert.equal(r.requeueAfterMs, undefined);
    assert.match(f.recorder.events[0]!, /^Warning OwnerRefCycle/);
    assert.deepEqual(f.client.summary(), ['patch deployments default/web']);
  });

  it('ignores objects that are not being deleted', async () => {
    const f = fixture([ownedRS('web-1')]);
    const d = deploying('foregroundDeletion');
    await syncOwnerFinalizers(f.deps, RESOURCES.deployments, { ...d, metadata: { ...d.metadata, deletionTimestamp: undefined } });
    assert.deepEqual(f.client.actions, []);
  });
});
