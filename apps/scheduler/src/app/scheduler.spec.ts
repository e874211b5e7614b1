import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, Node, Pod, ResourceInfo } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { Scheduler } from './scheduler';
import type { SchedulerClient } from './scheduler-client';
import { FakeInformer } from './testing/fake-informer';
import { makeNode, makePod } from './testing/fixtures';

class RecordingClient implements SchedulerClient {
  readonly calls: Array<{ verb: string; resource: string; subresource?: string | undefined; obj: KubeObject }> = [];
  async create<T extends KubeObject>(res: ResourceInfo, obj: T, o: { subresource?: string } = {}): Promise<T> {
    this.calls.push({ verb: 'create', resource: res.resource, subresource: o.subresource, obj });
    return obj;
  }
  async update<T extends KubeObject>(res: ResourceInfo, obj: T, o: { subresource?: string } = {}): Promise<T> {
    this.calls.push({ verb: 'update', resource: res.resource, subresource: o.subresource, obj });
    return obj;
  }
}

function setup() {
  const pods = new FakeInformer<Pod>();
  const nodes = new FakeInformer<Node>();
  const client = new RecordingClient();
  const events: string[] = [];
  const s = new Scheduler({ podInformer: pods, nodeInformer: nodes, client, recorder: { event: (_o, t, r, m) => events.push(`${t} ${r} ${m}`) }, logger: createLogger('test', { level: 'error' }) });
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
    assert.deepEqual((b.obj as { target: unknown }).target, { apiVersion: 'v1', kind: 'Node', name: 'node1' });
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
    const st = client.calls.find((c) => c.subresource === 'status')!.obj as Pod;
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
});
