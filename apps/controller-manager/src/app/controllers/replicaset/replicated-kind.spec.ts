import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, ReplicationController } from '@tskube/api-types';
import { ControllerExpectations, FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { makePod, makeRS, testLogger } from '../../testing/fixtures';
import { rcListerAsRS, REPLICATIONCONTROLLER_KIND } from './replicated-kind';
import { syncReplicaSet } from './sync';

function makeRC(name: string, replicas: number, selector?: Record<string, string>): ReplicationController {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 2 },
    spec: { replicas, ...(selector ? { selector } : {}), template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'tskube/web' }] } } },
  };
}

function fixture(rcs: ReplicationController[], pods: Pod[]) {
  const client = new FakeClient();
  const recorder = new FakeRecorder();
  const deps = { rsLister: rcListerAsRS(new FakeLister(rcs)), podLister: new FakeLister(pods), client, expectations: new ControllerExpectations(), recorder, logger: testLogger, kind: REPLICATIONCONTROLLER_KIND };
  return { deps, client, recorder };
}

describe('ReplicationController through the replica loop', () => {
  it('creates pods owned by the RC (v1 controller ref) in slow-start batches', async () => {
    const f = fixture([makeRC('web', 10, { app: 'web' })], []);
    const inFlight: number[] = [];
    let current = 0;
    const create = f.client.create.bind(f.client);
    f.client.create = async (res, obj, opts) => {
      inFlight.push(++current);
      await new Promise((r) => setImmediate(r));
      current--;
      return create(res, obj, opts);
    };
    await syncReplicaSet(f.deps, 'default/web');
    const creates = f.client.actions.filter((a) => a.verb === 'create');
    assert.equal(creates.length, 10);
    assert.ok(Math.max(...inFlight) <= 4, 'batches 1, 2, 4, 3');
    assert.deepEqual((creates[0]!.object as Pod).metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
  });

  it('defaults the selector to the template labels and writes RC-shaped status', async () => {
    const owner = { kind: 'ReplicationController', apiVersion: 'v1', name: 'web', uid: 'uid-web' };
    const f = fixture([makeRC('web', 1)], [makePod('a', { owner, ready: true }), makePod('b', { owner })]);
    await syncReplicaSet(f.deps, 'default/web');
    assert.deepEqual(f.client.summary(), ['delete pods default/b', 'update replicationcontrollers/status default/web']);
    const rc = f.client.actions[1]!.object as ReplicationController;
    assert.equal(rc.kind, 'ReplicationController');
    assert.deepEqual(rc.spec?.selector, { app: 'web' });
    assert.equal(rc.status?.replicas, 2);
    assert.equal(rc.status?.observedGeneration, 2);
  });

  it('scales to zero by deleting every pod', async () => {
    const owner = { kind: 'ReplicationController', apiVersion: 'v1', name: 'web', uid: 'uid-web' };
    const f = fixture([makeRC('web', 0)], [makePod('a', { owner }), makePod('b', { owner })]);
    await syncReplicaSet(f.deps, 'default/web');
    assert.equal(f.client.actions.filter((a) => a.verb === 'delete').length, 2);
  });
});

describe('bad input', () => {
  it('a selector that does not match the template: event, terminal error, nothing created', async () => {
    const f = fixture([makeRC('bad', 2, { app: 'other' })], []);
    await assert.rejects(syncReplicaSet(f.deps, 'default/bad'), { name: 'TerminalError' });
    assert.deepEqual(f.client.actions, []);
    assert.match(f.recorder.events[0]!, /^Warning SelectorMismatch selector app=other does not match template labels/);
  });

  it('a template the apiserver rejects: FailedCreate event and a retryable error', async () => {
    const client = new FakeClient();
    client.failOn = (a) => (a.verb === 'create' ? Object.assign(new Error('Pod "web-" is invalid'), { code: 422 }) : undefined);
    const recorder = new FakeRecorder();
    const deps = { rsLister: new FakeLister([makeRS('web', 3)]), podLister: new FakeLister<Pod>([]), client, expectations: new ControllerExpectations(), recorder, logger: testLogger };
    await assert.rejects(syncReplicaSet(deps, 'default/web'), /invalid/);
    assert.equal(client.actions.filter((a) => a.verb === 'create').length, 1, 'slow start stops after the first failed batch');
    assert.match(recorder.events[0]!, /^Warning FailedCreate/);
    assert.equal(deps.expectations.satisfied('default/web'), true);
  });
});
