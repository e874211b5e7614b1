import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace } from '@tskube/api-types';
import { FakeClient, FakeLister } from '@tskube/controller-utils';
import type { EventHandler } from '@tskube/controller-utils';
import { testLogger } from '../../testing/fixtures';
import { FakeContent } from './fake-content';
import { NamespaceController } from './namespace-controller';

const ns = (name: string, deleting: boolean): Namespace => ({ metadata: { name, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) } });

describe('NamespaceController', () => {
  it('enqueues only namespaces being deleted, on add, update and every sync period', async () => {
    const lister = new FakeLister<Namespace>([ns('gone', true), ns('live', false)]);
    let handler: EventHandler<Namespace> = {};
    const informer = { addEventHandler: (h: EventHandler<Namespace>) => (handler = h), getIndexer: () => lister, hasSynced: () => true };
    const c = new NamespaceController({ namespaceInformer: informer, client: new FakeClient(), content: new FakeContent([]), logger: testLogger, syncPeriodMs: 20 });
    const synced: string[] = [];
    c.syncHandler = async (key) => void synced.push(key);
    handler.onAdd?.(ns('live', false), true);
    handler.onUpdate?.(ns('live', false), ns('a', true));
    assert.equal(c.queue.len(), 1);
    const ac = new AbortController();
    const running = c.run(1, ac.signal);
    for (let i = 0; i < 100 && synced.filter((k) => k === 'gone').length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await running;
    assert.equal(synced[0], 'a');
    assert.ok(synced.filter((k) => k === 'gone').length >= 2, `periodic resync enqueues deleting namespaces: ${synced.join(',')}`);
    assert.equal(synced.includes('live'), false);
  });
});
