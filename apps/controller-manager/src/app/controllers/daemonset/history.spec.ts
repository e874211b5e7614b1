import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision, DaemonSet, Node, Pod } from '@tskube/api-types';
import { ControllerExpectations, FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { makePod, testLogger } from '../../testing/fixtures';
import { computeHash } from '../deployment/util';
import { revisionData } from './history';
import { syncDaemonSet } from './sync';

function ds(image: string, strategy?: NonNullable<DaemonSet['spec']>['updateStrategy'], limit?: number): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'uid-agent', generation: 2, annotations: { 'kubernetes.io/change-cause': 'v' } },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image }] } }, ...(strategy ? { updateStrategy: strategy } : {}), ...(limit !== undefined ? { revisionHistoryLimit: limit } : {}) },
  };
}
const owner = { kind: 'DaemonSet', name: 'agent', uid: 'uid-agent' };
const hashOf = (image: string): string => computeHash(ds(image).spec!.template);
function rev(image: string, revision: number): ControllerRevision {
  const h = hashOf(image);
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `agent-${h}`, namespace: 'default', uid: `uid-rev-${image}`, labels: { app: 'agent', 'controller-revision-hash': h }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-agent', controller: true }] }, data: revisionData(ds(image)), revision };
}
const node = (name: string): Node => ({ metadata: { name } });
const pod = (name: string, nodeName: string, image: string, ready = true, created = '2024-01-01T00:00:00Z'): Pod => {
  const p = makePod(name, { owner, nodeName, ready, phase: 'Running', labels: { app: 'agent', 'controller-revision-hash': hashOf(image) } });
  return { ...p, metadata: { ...p.metadata, creationTimestamp: created } };
};

async function sync(d: DaemonSet, nodes: Node[], pods: Pod[], revisions: ControllerRevision[]) {
  const client = new FakeClient();
  await syncDaemonSet({ dsLister: new FakeLister([d]), podLister: new FakeLister(pods), nodeLister: new FakeLister(nodes), historyLister: new FakeLister(revisions), client, expectations: new ControllerExpectations(), recorder: new FakeRecorder(), logger: testLogger, now: () => Date.parse('2024-06-01T00:00:00Z') }, 'default/agent');
  const of = (verb: string, res: string) => client.actions.filter((a) => a.verb === verb && a.resource === res);
  return { client, of, deletes: of('delete', 'pods').map((a) => a.name), creates: of('create', 'pods').map((a) => a.object as Pod) };
}

describe('DaemonSet history (ControllerRevisions)', () => {
  it('snapshots the first template as revision 1 and labels pods with its hash', async () => {
    const r = await sync(ds('web:v1'), [node('n1')], [], []);
    const cr = r.of('create', 'controllerrevisions')[0]!.object as ControllerRevision;
    assert.equal(cr.metadata?.name, `agent-${hashOf('web:v1')}`);
    assert.equal(cr.revision, 1);
    assert.deepEqual(cr.metadata?.labels, { app: 'agent', 'controller-revision-hash': hashOf('web:v1') });
    assert.equal(cr.metadata?.annotations?.['kubernetes.io/change-cause'], 'v');
    assert.equal(cr.metadata?.ownerReferences?.[0]?.uid, 'uid-agent');
    assert.deepEqual(cr.data, { spec: { template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'web:v1' }] }, $patch: 'replace' } } });
    assert.equal(r.creates[0]!.metadata?.labels?.['controller-revision-hash'], hashOf('web:v1'));
  });

  it('a new template becomes revision max+1', async () => {
    const r = await sync(ds('web:v2'), [node('n1')], [pod('a', 'n1', 'web:v1')], [rev('web:v1', 1)]);
    assert.equal((r.of('create', 'controllerrevisions')[0]!.object as ControllerRevision).revision, 2);
    assert.deepEqual(r.deletes, ['a'], 'the old pod is rolled');
  });

  it('rolling back renumbers the matching revision and keeps its pods', async () => {
    const r = await sync(ds('web:v1'), [node('n1')], [pod('a', 'n1', 'web:v1')], [rev('web:v1', 1), rev('web:v2', 2)]);
    assert.equal(r.of('create', 'controllerrevisions').length, 0);
    const upd = r.of('update', 'controllerrevisions')[0]!.object as ControllerRevision;
    assert.equal(upd.metadata?.name, `agent-${hashOf('web:v1')}`);
    assert.equal(upd.revision, 3);
    assert.deepEqual(r.deletes, []);
  });

  it('prunes the oldest revisions beyond revisionHistoryLimit, sparing those live pods use', async () => {
    const r = await sync(ds('web:v4', undefined, 1), [node('n1'), node('n2')], [pod('a', 'n1', 'web:v4'), pod('b', 'n2', 'web:v1')], [rev('web:v1', 1), rev('web:v2', 2), rev('web:v3', 3), rev('web:v4', 4)]);
    assert.deepEqual(r.of('delete', 'controllerrevisions').map((a) => a.name), [`agent-${hashOf('web:v2')}`, `agent-${hashOf('web:v3')}`]);
  });
});

describe('DaemonSet update strategies', () => {
  const nodes = [node('n1'), node('n2'), node('n3')];
  const olds = (): Pod[] => [pod('a', 'n1', 'web:v1'), pod('b', 'n2', 'web:v1'), pod('c', 'n3', 'web:v1')];

  it('OnDelete leaves old pods alone', async () => {
    const r = await sync(ds('web:v2', { type: 'OnDelete' }), nodes, olds(), [rev('web:v1', 1), rev('web:v2', 2)]);
    assert.deepEqual([r.deletes, r.creates.length], [[], 0]);
  });

  it('maxSurge creates new pods beside old ones (maxSurge nodes at a time) without deleting', async () => {
    const r = await sync(ds('web:v2', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } }), nodes, olds(), [rev('web:v1', 1), rev('web:v2', 2)]);
    assert.deepEqual(r.deletes, []);
    assert.deepEqual(r.creates.map((p) => p.spec?.nodeName), ['n1', 'n2']);
  });

  it('maxSurge: the old pod goes once the new one is available; an unready new pod waits', async () => {
    const d = ds('web:v2', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    const pods = [...olds(), pod('a2', 'n1', 'web:v2', true, '2024-02-01T00:00:00Z'), pod('b2', 'n2', 'web:v2', false, '2024-02-01T00:00:00Z')];
    const r = await sync(d, nodes, pods, [rev('web:v1', 1), rev('web:v2', 2)]);
    assert.deepEqual(r.deletes, ['a']);
    assert.deepEqual(r.creates, [], 'b2 is still surging: no room for n3');
  });
});
