import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, ReplicaSet } from '@tskube/api-types';
import { ControllerExpectations, FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { makePod, makeRS, testLogger } from '../../testing/fixtures';
import { compareForDeletion } from './pod-ranking';
import { syncReplicaSet } from './sync';

function fixture(rss: ReplicaSet[], pods: Pod[]) {
  const client = new FakeClient();
  const recorder = new FakeRecorder();
  const expectations = new ControllerExpectations();
  const deps = { rsLister: new FakeLister(rss), podLister: new FakeLister(pods), client, expectations, recorder, logger: testLogger };
  return { deps, client, recorder, expectations };
}

const owner = { kind: 'ReplicaSet', name: 'web', uid: 'uid-web' };

void describe('syncReplicaSet', () => {
  void it('creates missing pods from the template with a controller ref and sets expectations', async () => {
    const f = fixture([makeRS('web', 3)], []);
    await syncReplicaSet(f.deps, 'default/web');
    const creates = f.client.actions.filter((a) => a.verb === 'create');
    assert.equal(creates.length, 3);
    const pod = creates[0]!.object as Pod;
    assert.equal(pod.metadata?.generateName, 'web-');
    assert.deepEqual(pod.metadata?.labels, { app: 'web' });
    assert.deepEqual(pod.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(f.expectations.pending('default/web'), { adds: 3, deletes: 0 });
    assert.equal(f.recorder.events.filter((e) => e.startsWith('Normal SuccessfulCreate')).length, 3);
  });

  void it('does not create again while expectations are unsatisfied', async () => {
    const f = fixture([makeRS('web', 2)], []);
    await syncReplicaSet(f.deps, 'default/web');
    f.client.actions.length = 0;
    await syncReplicaSet(f.deps, 'default/web');
    assert.equal(f.client.actions.filter((a) => a.verb === 'create').length, 0);
  });

  void it('deletes surplus pods, unscheduled and not-ready first', async () => {
    const pods = [makePod('a', { owner, ready: true, nodeName: 'n1' }), makePod('b', { owner }), makePod('c', { owner, ready: false, nodeName: 'n1' })];
    const f = fixture([makeRS('web', 1)], pods);
    await syncReplicaSet(f.deps, 'default/web');
    assert.deepEqual(f.client.summary().filter((s) => s.startsWith('delete')).sort(), ['delete pods default/b', 'delete pods default/c']);
  });

  void it('adopts matching orphans and ignores pods owned by others', async () => {
    const pods = [makePod('orphan'), makePod('other', { owner: { kind: 'ReplicaSet', name: 'x', uid: 'uid-x' } })];
    const f = fixture([makeRS('web', 1)], pods);
    await syncReplicaSet(f.deps, 'default/web');
    assert.deepEqual(f.client.summary(), ['patch pods default/orphan', 'update replicasets/status default/web']);
    const patch = f.client.actions[0]!.patch as { metadata: { ownerReferences: Array<{ uid: string }> } };
    assert.equal(patch.metadata.ownerReferences[0]!.uid, 'uid-web');
  });

  void it('writes status only when it changed', async () => {
    const rs = makeRS('web', 2);
    const pods = [makePod('a', { owner, ready: true }), makePod('b', { owner, ready: false })];
    const f = fixture([rs], pods);
    await syncReplicaSet(f.deps, 'default/web');
    const st = (f.client.actions.at(-1)!.object as ReplicaSet).status;
    assert.deepEqual(st, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
    const f2 = fixture([{ ...rs, status: st }], pods);
    await syncReplicaSet(f2.deps, 'default/web');
    assert.deepEqual(f2.client.actions, []);
  });

  void it('returns quietly for a deleted ReplicaSet and throws on create failure', async () => {
    const f = fixture([], []);
    await syncReplicaSet(f.deps, 'default/gone');
    assert.deepEqual(f.client.actions, []);
    const g = fixture([makeRS('web', 1)], []);
    g.client.failOn = (a) => (a.verb === 'create' ? new Error('boom') : undefined);
    await assert.rejects(syncReplicaSet(g.deps, 'default/web'), /boom/);
    assert.deepEqual(g.expectations.pending('default/web'), { adds: 0, deletes: 0 });
  });
});

void describe('compareForDeletion', () => {
  void it('orders unassigned, pending, not-ready before ready running pods', () => {
    const ready = makePod('r', { ready: true, nodeName: 'n' });
    const unassigned = makePod('u');
    const notReady = makePod('nr', { ready: false, nodeName: 'n', phase: 'Running' });
    assert.deepEqual([ready, notReady, unassigned].sort(compareForDeletion).map((p) => p.metadata!.name), ['u', 'nr', 'r']);
  });
});
