import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, KubeObject, ResourceInfo } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { EventBroadcaster } from './event-broadcaster';
import { ClientEventRecorder } from './event-recorder';
import { FakeClient } from './testing/fake-client';

const logger = createLogger('test', { level: 'error' });
const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'ns1', uid: 'u1', resourceVersion: '3' } };
const clock = { t: Date.UTC(2026, 0, 1, 0, 0, 0), now(): number { return this.t; } };

/** A FakeClient whose creates wait until `release()`; answers carry a resourceVersion as the server's would. */
class GatedClient extends FakeClient {
  private gates: Array<() => void> = [];
  override async create<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { namespace?: string }): Promise<T> {
    const out = await super.create(res, obj, opts);
    await new Promise<void>((r) => this.gates.push(r));
    return { ...out, metadata: { ...out.metadata, resourceVersion: '10' } };
  }
  release(): void {
    for (const g of this.gates.splice(0)) g();
  }
}
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

void describe('ClientEventRecorder + EventBroadcaster', () => {
  it('creates a valid core/v1 Event named <object>.<hex ns> in the object namespace', async () => {
    const client = new FakeClient();
    const b = new EventBroadcaster({ client, logger, clock });
    new ClientEventRecorder({ client, component: 'kubelet', logger, broadcaster: b, host: 'node-1', clock }).event(pod, 'Normal', 'Pulled', 'image present');
    await b.idle();
    assert.deepEqual(client.summary(), [`create events ns1/web.${(BigInt(clock.t) * 1_000_000n).toString(16)}`]);
    const sent = client.actions[0]?.object as Event;
    assert.deepEqual(sent.involvedObject, { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'ns1', uid: 'u1', resourceVersion: '3' });
    assert.deepEqual(sent.source, { component: 'kubelet', host: 'node-1' });
    assert.deepEqual([sent.type, sent.reason, sent.message, sent.count, sent.reportingComponent, sent.reportingInstance], ['Normal', 'Pulled', 'image present', 1, 'kubelet', 'node-1']);
    assert.equal(sent.firstTimestamp, '2026-01-01T00:00:00.000Z');
    assert.equal(sent.lastTimestamp, sent.firstTimestamp);
  });

  it('leaves source.host and reportingInstance unset for a component without a host, as upstream controllers', async () => {
    const client = new FakeClient();
    const b = new EventBroadcaster({ client, logger, clock });
    new ClientEventRecorder({ client, component: 'replicaset-controller', logger, broadcaster: b, clock }).event(pod, 'Normal', 'SuccessfulCreate', 'Created pod: web-x');
    await b.idle();
    const sent = client.actions[0]?.object as Event;
    assert.deepEqual(sent.source, { component: 'replicaset-controller' });
    assert.equal(sent.reportingComponent, 'replicaset-controller');
    assert.equal('reportingInstance' in sent, false);
  });

  it('patches count and lastTimestamp of the first Event for an identical repeat, and creates it again when it is gone', async () => {
    const client = new FakeClient();
    const b = new EventBroadcaster({ client, logger, clock });
    const rec = new ClientEventRecorder({ client, component: 'default-scheduler', logger, broadcaster: b, clock });
    rec.event(pod, 'Warning', 'FailedScheduling', '0/1 nodes');
    await b.idle();
    clock.t += 5000;
    rec.event(pod, 'Warning', 'FailedScheduling', '0/1 nodes');
    await b.idle();
    const name = client.actions[0]?.object?.metadata?.name ?? '';
    assert.deepEqual(client.summary(), [`create events ns1/${name}`, `patch events ns1/${name}`]);
    assert.deepEqual(client.actions[1]?.patch, { count: 2, lastTimestamp: '2026-01-01T00:00:05.000Z', message: '0/1 nodes' });
    client.failOn = (a) => (a.verb === 'patch' ? Object.assign(new Error('gone'), { code: 404 }) : undefined);
    rec.event(pod, 'Warning', 'FailedScheduling', '0/1 nodes');
    await b.idle();
    assert.deepEqual(client.summary().slice(2), [`patch events ns1/${name}`, `create events ns1/${name}`]);
    assert.equal((client.actions[3]?.object as Event).count, 3);
  });

  it('writes at most inFlight at once, queues maxQueued, drops the rest, and orders writes of one Event', async () => {
    const client = new GatedClient();
    const b = new EventBroadcaster({ client, logger, clock, inFlight: 2, maxQueued: 2 });
    const rec = new ClientEventRecorder({ client, component: 'c', logger, broadcaster: b, clock });
    for (const r of ['A', 'A', 'B', 'C', 'D']) rec.event(pod, 'Normal', r, 'm');
    await settle();
    // A and (the repeat of A, waiting for A's create) in flight, B and C queued, D dropped
    assert.deepEqual(client.summary().map((s) => s.split(' ')[0]), ['create']);
    assert.equal(b.dropped, 1);
    client.release();
    await settle();
    await settle();
    client.release();
    await settle();
    client.release();
    await b.idle();
    const reasons = client.actions.map((a) => `${a.verb} ${(a.object as Event | undefined)?.reason ?? 'patch'}`);
    assert.deepEqual(reasons, ['create A', 'patch patch', 'create B', 'create C']);
  });

});
