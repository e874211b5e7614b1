import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import type { ObjectClient } from '@tskube/controller-utils';
import { QueuedEventClient } from './event-queue';

/** An ObjectClient whose creates stay in flight until `releaseAll()`; records what was sent. */
class SlowClient implements ObjectClient {
  readonly sent: string[] = [];
  private readonly pending: Array<() => void> = [];
  create<T extends KubeObject>(res: ResourceInfo, obj: T): Promise<T> {
    this.sent.push(`${res.resource}/${obj.metadata?.name ?? ''}`);
    return new Promise((resolve) => this.pending.push(() => resolve(obj)));
  }
  releaseAll(): void {
    for (const r of this.pending.splice(0)) r();
  }
  get<T extends KubeObject>(): Promise<T> {
    return Promise.reject(new Error('unused'));
  }
  update<T extends KubeObject>(_r: ResourceInfo, obj: T): Promise<T> {
    this.sent.push(`update/${obj.metadata?.name ?? ''}`);
    return Promise.resolve(obj);
  }
  patch<T extends KubeObject>(): Promise<T> {
    return Promise.reject(new Error('unused'));
  }
  delete(): Promise<KubeObject> {
    return Promise.reject(new Error('unused'));
  }
}

const ev = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' } });
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

void describe('QueuedEventClient', () => {
  it('sends at most inFlight events, queues up to maxQueued and drops the rest; other calls pass through', async () => {
    const inner = new SlowClient();
    const q = new QueuedEventClient(inner, createLogger('test', { level: 'error' }), { inFlight: 2, maxQueued: 2 });
    const results = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => q.create(RESOURCES.events, ev(n), { namespace: 'default' }));
    await settle();
    assert.deepEqual(inner.sent, ['events/a', 'events/b']);
    assert.equal(q.dropped, 2); // e and f: a, b in flight and c, d waiting
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    void q.create(RESOURCES.pods, pod, { namespace: 'default', name: 'p', subresource: 'binding' });
    await q.update(RESOURCES.pods, pod);
    assert.deepEqual(inner.sent.slice(2), ['pods/p', 'update/p']);
    for (let i = 0; i < 3; i++) {
      inner.releaseAll();
      await settle();
    }
    await Promise.all(results);
    assert.deepEqual(inner.sent.filter((s) => s.startsWith('events/')), ['events/a', 'events/b', 'events/c', 'events/d']);
  });
});
