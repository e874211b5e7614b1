import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { SchedulingQueue } from './queue/scheduling-queue';
import { Scheduler } from './scheduler';
import { FakeInformer } from './testing/fake-informer';
import { makeNode, makePod } from './testing/fixtures';
import { RecordingClient } from './testing/recording-client';

function setup(queue?: SchedulingQueue) {
  const pods = new FakeInformer<Pod>();
  const nodes = new FakeInformer<Node>();
  const client = new RecordingClient();
  const events: string[] = [];
  const s = new Scheduler({ podInformer: pods, nodeInformer: nodes, client, recorder: { event: (_o, t, r, m) => events.push(`${t} ${r} ${m}`) }, logger: createLogger('test', { level: 'error' }), queue });
  return { s, pods, nodes, client, events };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

void describe('Scheduler', () => {
  void it('binds a pending pod and records Scheduled', async () => {
    const { s, pods, nodes, client, events } = setup();
    nodes.add(makeNode('node1'));
    pods.add(makePod('web-1', { cpu: '100m' }));
    await s.scheduleOne();
    await settle();
    const b = client.calls[0]!;
    assert.deepEqual([b.verb, b.resource, b.subresource], ['create', 'pods', 'binding']);
    assert.deepEqual((b.body as { target: unknown }).target, { apiVersion: 'v1', kind: 'Node', name: 'node1' });
    assert.deepEqual(events, ['Normal Scheduled Successfully assigned default/web-1 to node1']);
  });

  void it('back-to-back pods see the assumed one; the second fails with the upstream message and condition', async () => {
    const { s, pods, nodes, client, events } = setup();
    nodes.add(makeNode('node1', { cpu: '1' }));
    pods.add(makePod('a', { cpu: '600m' }));
    pods.add(makePod('b', { cpu: '600m' }));
    await s.scheduleOne();
    await s.scheduleOne();
    await settle();
    assert.ok(events.includes('Warning FailedScheduling 0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'));
    const st = client.calls.find((c) => c.subresource === 'status')!.body as Pod;
    assert.deepEqual(st.status?.conditions?.map((c) => [c.type, c.status, c.reason]), [['PodScheduled', 'False', 'Unschedulable']]);
    assert.equal(s.queue.lengths().unschedulable, 1);
    // A new node makes it schedulable again (after backoff).
    nodes.add(makeNode('node2'));
    assert.equal(s.queue.lengths().unschedulable, 0);
  });

  void it('ignores pods for other schedulers and assigned pods', async () => {
    const { s, pods } = setup();
    const other = makePod('x');
    other.spec!.schedulerName = 'my-scheduler';
    pods.add(other);
    pods.add(makePod('y', { nodeName: 'n' }));
    assert.deepEqual(s.queue.lengths(), { active: 0, backoff: 0, unschedulable: 0 });
  });

  void it('preempts a lower-priority pod: deletes it with a Preempted event, nominates the node, then binds there', async () => {
    const { s, pods, nodes, client, events } = setup(new SchedulingQueue({ initialBackoffMs: 0 }));
    nodes.add(makeNode('node1', { cpu: '1' }));
    const low = makePod('low', { cpu: '800m', priority: 0, nodeName: 'node1' });
    pods.add(low);
    pods.add(makePod('high', { cpu: '600m', priority: 1000 }));
    await s.scheduleOne();
    await settle();
    assert.ok(client.calls.some((c) => c.verb === 'delete' && c.name === 'low'), JSON.stringify(client.calls));
    assert.ok(events.includes('Normal Preempted Preempted by pod uid-high on node node1'), events.join('\n'));
    assert.ok(events.includes('Warning FailedScheduling 0/1 nodes are available: 1 Insufficient cpu.'), events.join('\n'));
    const st = client.calls.filter((c) => c.verb === 'update' && c.subresource === 'status').map((c) => c.body as Pod);
    assert.equal(st.at(-1)?.status?.nominatedNodeName, 'node1');
    assert.equal(s.nominator.nodeOf(makePod('high')), 'node1');
    // The victim is terminating (graceful deletion): a retry waits and keeps the nomination.
    pods.update({ ...low, metadata: { ...low.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } });
    s.queue.moveAllToActiveOrBackoff();
    s.queue.flushBackoffCompleted();
    await s.scheduleOne();
    await settle();
    assert.ok(events.some((e) => e.endsWith('preemption: not eligible due to a terminating pod on the nominated node.')), events.join('\n'));
    assert.equal(s.nominator.nodeOf(makePod('high')), 'node1');
    assert.equal(client.calls.filter((c) => c.verb === 'delete').length, 1);
    pods.remove(low); // the kubelet finished the graceful deletion
    s.queue.flushBackoffCompleted();
    await s.scheduleOne();
    await settle();
    const bind = client.calls.find((c) => c.subresource === 'binding');
    assert.equal((bind?.body as { target?: { name?: string } } | undefined)?.target?.name, 'node1');
    assert.equal(s.nominator.nodeOf(makePod('high')), undefined);
  });

  void it('a pod with preemptionPolicy Never does not preempt', async () => {
    const { s, pods, nodes, client, events } = setup();
    nodes.add(makeNode('node1', { cpu: '1' }));
    pods.add(makePod('low', { cpu: '800m', priority: 0, nodeName: 'node1' }));
    const high = makePod('high', { cpu: '600m', priority: 1000 });
    high.spec!.preemptionPolicy = 'Never';
    pods.add(high);
    await s.scheduleOne();
    await settle();
    assert.equal(client.calls.filter((c) => c.verb === 'delete').length, 0);
    assert.ok(events.includes('Warning FailedScheduling 0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.'));
  });
});
