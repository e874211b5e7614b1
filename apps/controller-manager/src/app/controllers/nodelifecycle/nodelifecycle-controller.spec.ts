import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, Lease, Node, Pod } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import type { InformerLike } from '@tskube/controller-utils';
import { FakeClock } from '@tskube/workqueue';
import { NodeLifecycleController } from './nodelifecycle-controller';

const T0 = Date.parse('2026-01-01T00:00:00Z');
type Handler<T extends KubeObject> = Parameters<InformerLike<T>['addEventHandler']>[0];
const informer = <T extends KubeObject>(l: FakeLister<T>, handlers: Array<Handler<T>> = []): InformerLike<T> => ({ addEventHandler: (h) => void handlers.push(h), getIndexer: () => l, hasSynced: () => true });

function fixture() {
  const clock = new FakeClock(T0);
  const nodes = new FakeLister<Node>([{ metadata: { name: 'n1', resourceVersion: '1' }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:00Z' }] } }]);
  const pod: Pod = {
    metadata: { name: 'web-1', namespace: 'default', uid: 'u1' },
    spec: { nodeName: 'n1', containers: [], tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
  const pods = new FakeLister<Pod>([pod]);
  const leases = new FakeLister<Lease>([{ metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime: 'r0' } }]);
  const client = new FakeClient();
  const recorder = new FakeRecorder();
  const nodeHandlers: Array<Handler<Node>> = [];
  const c = new NodeLifecycleController({
    nodeInformer: informer(nodes, nodeHandlers), podInformer: informer(pods), leaseInformer: informer(leases), client, recorder, clock,
    logger: createLogger('test', { level: 'error' }),
    nodeMonitorPeriodMs: 5000, nodeMonitorGracePeriodMs: 40_000, nodeStartupGracePeriodMs: 60_000,
  });
  return { clock, nodes, pods, leases, client, recorder, c, nodeHandlers };
}

void describe('NodeLifecycleController', () => {
  it('leaves a node alone while its Lease is renewed', async () => {
    const f = fixture();
    await f.c.monitorNodes();
    for (let i = 1; i <= 12; i++) {
      f.clock.step(5000);
      f.leases.add({ metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime: `r${i}` } });
      await f.c.monitorNodes();
    }
    assert.deepEqual(f.client.summary(), []);
  });

  it('marks a silent node Unknown, taints it, marks its pods NotReady, then evicts them after tolerationSeconds', async () => {
    const f = fixture();
    await f.c.monitorNodes();
    f.clock.step(40_000);
    await f.c.monitorNodes();
    assert.deepEqual(f.client.summary(), []);
    f.clock.step(5000);
    await f.c.monitorNodes();
    assert.deepEqual(f.client.summary(), ['update nodes/status n1', 'patch nodes n1', 'update pods/status default/web-1']);
    const status = f.client.actions[0]?.object as Node;
    assert.deepEqual(status.status?.conditions?.map((c) => [c.status, c.reason]), [['Unknown', 'NodeStatusUnknown']]);
    const taints = (f.client.actions[1]?.patch as { spec: { taints: Array<{ key: string; effect: string }> } }).spec.taints;
    assert.deepEqual(taints.map((t) => `${t.key}:${t.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    assert.equal((f.client.actions[2]?.object as Pod).status?.conditions?.[0]?.status, 'False');
    assert.ok(f.recorder.events.includes('Normal NodeNotReady Node n1 status is now: NodeNotReady'));

    // The informer now shows the tainted node; the pod tolerates it for 10 s.
    const tainted = structuredClone(f.nodes.get('n1')!);
    tainted.spec = { taints: taints.map((t) => ({ ...t, timeAdded: t.effect === 'NoExecute' ? new Date(f.clock.now()).toISOString() : undefined })) };
    f.nodes.add(tainted);
    f.client.actions.length = 0;
    f.clock.step(9000);
    await f.c.evictPods();
    assert.deepEqual(f.client.summary(), []);
    f.clock.step(1000);
    await f.c.evictPods();
    assert.deepEqual(f.client.summary(), ['delete pods default/web-1']);
    assert.ok(f.recorder.events.includes('Normal TaintManagerEviction Marking for deletion Pod default/web-1'));
    await f.c.evictPods();
    assert.equal(f.client.summary().length, 1, 'a pod is deleted once');
  });

  it('removes the taints once the node is Ready again', async () => {
    const f = fixture();
    const n = structuredClone(f.nodes.get('n1')!);
    n.spec = { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] };
    f.nodes.add(n);
    await f.c.monitorNodes();
    assert.deepEqual(f.client.summary(), ['patch nodes n1']);
    assert.deepEqual(f.client.actions[0]?.patch, { metadata: { resourceVersion: '1' }, spec: { taints: [] } });
  });

  it('a cordon or a pressure condition taints the node on the next pass after the node event, conditional on its resourceVersion', async () => {
    const f = fixture();
    const n: Node = { ...structuredClone(f.nodes.get('n1')!), metadata: { name: 'n1', resourceVersion: '7' } };
    n.spec = { unschedulable: true, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] };
    n.status!.conditions!.push({ type: 'DiskPressure', status: 'True' });
    f.nodes.add(n);
    for (const h of f.nodeHandlers) h.onUpdate?.(f.nodes.get('n1')!, n);
    await f.c.reconcileDirtyNodes();
    assert.deepEqual(f.client.summary(), ['patch nodes n1']);
    assert.deepEqual(f.client.actions[0]?.patch, {
      metadata: { resourceVersion: '7' },
      spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
    });
    await f.c.reconcileDirtyNodes();
    assert.equal(f.client.summary().length, 1, 'nothing to do without a new node event');
  });

  it('keeps going when a write fails', async () => {
    const f = fixture();
    f.client.failOn = (a) => (a.subresource === 'status' ? new Error('boom') : undefined);
    await f.c.monitorNodes();
    f.clock.step(45_000);
    await f.c.monitorNodes();
    assert.deepEqual(f.client.summary(), ['update nodes/status n1']);
  });
});
