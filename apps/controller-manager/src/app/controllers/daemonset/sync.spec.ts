import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision, DaemonSet, Node, Pod } from '@tskube/api-types';
import { ControllerExpectations, FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { makePod, testLogger } from '../../testing/fixtures';
import { computeHash } from '../deployment/util';
import { shouldRunOn } from './placement';
import { syncDaemonSet } from './sync';

function ds(spec: Partial<NonNullable<NonNullable<DaemonSet['spec']>['template']['spec']>> = {}, image = 'tskube/web'): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'uid-agent', generation: 1 },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image }], ...spec } } },
  };
}
const node = (name: string, labels: Record<string, string> = {}, taints: NonNullable<Node['spec']>['taints'] = undefined): Node => ({ metadata: { name, labels }, spec: { taints } });
const owner = { kind: 'DaemonSet', name: 'agent', uid: 'uid-agent' };
const dsPod = (name: string, nodeName: string, hash: string, ready = true): Pod => {
  const p = makePod(name, { owner, nodeName, ready, phase: 'Running', labels: { app: 'agent', 'controller-revision-hash': hash } });
  return p;
};

async function sync(d: DaemonSet, nodes: Node[], pods: Pod[] = [], revisions: ControllerRevision[] = []) {
  const client = new FakeClient();
  const recorder = new FakeRecorder();
  await syncDaemonSet({ dsLister: new FakeLister([d]), podLister: new FakeLister(pods), nodeLister: new FakeLister(nodes), historyLister: new FakeLister(revisions), client, expectations: new ControllerExpectations(), recorder, logger: testLogger }, 'default/agent');
  return { client, recorder, creates: client.actions.filter((a) => a.verb === 'create' && a.resource === 'pods').map((a) => a.object as Pod), deletes: client.summary().filter((s) => s.startsWith('delete')) };
}

describe('syncDaemonSet', () => {
  it('creates one pod per eligible node with nodeName, revision hash and daemon tolerations', async () => {
    const r = await sync(ds({ nodeSelector: { role: 'edge' } }), [node('n1', { role: 'edge' }), node('n2', { role: 'edge' }), node('n3')]);
    assert.deepEqual(r.creates.map((p) => p.spec?.nodeName).sort(), ['n1', 'n2']);
    assert.equal(r.creates[0]!.metadata?.labels?.['controller-revision-hash'], computeHash(ds({ nodeSelector: { role: 'edge' } }).spec!.template));
    assert.ok(r.creates[0]!.spec?.tolerations?.some((t) => t.key === 'node.kubernetes.io/unreachable'));
    const status = r.client.actions.find((a) => a.subresource === 'status')!.object as DaemonSet;
    assert.equal(status.status?.desiredNumberScheduled, 2);
  });

  it('deletes duplicates, failed pods and pods on nodes that no longer match', async () => {
    const d = ds({ nodeSelector: { role: 'edge' } });
    const h = computeHash(d.spec!.template);
    const failed = { ...dsPod('f', 'n1', h), status: { phase: 'Failed' } };
    const r = await sync(d, [node('n1', { role: 'edge' }), node('n2')], [failed, dsPod('a', 'n1', h), { ...dsPod('b', 'n1', h), metadata: { ...dsPod('b', 'n1', h).metadata, creationTimestamp: '2030-01-01T00:00:00Z' } }, dsPod('c', 'n2', h)]);
    assert.deepEqual(r.deletes.sort(), ['delete pods default/b', 'delete pods default/c', 'delete pods default/f']);
    assert.equal(r.creates.length, 0);
  });

  it('rolling update replaces at most maxUnavailable ready old pods at a time', async () => {
    const d = ds({}, 'tskube/web:v2');
    const nodes = [node('n1'), node('n2'), node('n3')];
    const r = await sync(d, nodes, [dsPod('a', 'n1', 'old'), dsPod('b', 'n2', 'old'), dsPod('c', 'n3', 'old')]);
    assert.equal(r.deletes.length, 1);
    const r2 = await sync(d, nodes, [dsPod('a', 'n1', 'old', false), dsPod('b', 'n2', 'old'), dsPod('c', 'n3', 'old')]);
    assert.deepEqual(r2.deletes, ['delete pods default/a', 'delete pods default/b'], 'an unavailable old pod is replaced outside the budget (upstream)');
  });

  it('a selector that does not match the template: event and terminal error', async () => {
    const d = ds();
    const bad = { ...d, spec: { ...d.spec!, selector: { matchLabels: { app: 'other' } } } };
    const f = new FakeRecorder();
    await assert.rejects(syncDaemonSet({ dsLister: new FakeLister([bad]), podLister: new FakeLister<Pod>([]), nodeLister: new FakeLister([node('n1')]), historyLister: new FakeLister<ControllerRevision>([]), client: new FakeClient(), expectations: new ControllerExpectations(), recorder: f, logger: testLogger }, 'default/agent'), { name: 'TerminalError' });
    assert.match(f.events[0]!, /^Warning SelectorMismatch/);
  });
});

describe('shouldRunOn', () => {
  it('honours required node affinity (labels and metadata.name fields) and taints', () => {
    const aff = ds({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } } });
    assert.equal(shouldRunOn(aff, node('n1')), true);
    assert.equal(shouldRunOn(aff, node('n2')), false);
    assert.equal(shouldRunOn(ds(), node('n1', {}, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }])), false);
    assert.equal(shouldRunOn(ds({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }), node('n1', {}, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }])), true);
    assert.equal(shouldRunOn(ds(), node('n1', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }])), true, 'cordoned nodes still run daemons');
  });
});
