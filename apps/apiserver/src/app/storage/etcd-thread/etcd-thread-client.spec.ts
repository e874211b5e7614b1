import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { etcdAvailable, startThrowawayEtcd } from '@tskube/processes';
import { EtcdThreadClient } from './etcd-thread-client';
import type { WireWatchResponse } from './protocol';

/** The worker behind a client (private), to kill it the way a crash would. */
const workerOf = (c: EtcdThreadClient): Worker | undefined => (c as unknown as { worker?: Worker }).worker;

/** An unconditional put: a put whose compare names the key's current revision (0 when absent). */
const put = async (c: EtcdThreadClient, key: string, value: string) => {
  const cur = await c.kv('range', { key });
  return c.kv('put', { key, value, ifMod: cur.kvs[0]?.mod ?? 0 });
};

describe('EtcdThreadClient (etcd3 in a worker thread, real etcd)', { skip: etcdAvailable() ? false : 'etcd binary absent' }, () => {
  let etcd: Awaited<ReturnType<typeof startThrowawayEtcd>>;
  let client: EtcdThreadClient;
  before(async () => {
    etcd = await startThrowawayEtcd();
    client = new EtcdThreadClient({ endpoints: [etcd.endpoint], dialTimeoutMs: 5000 });
  });
  after(async () => {
    await client.close();
    await etcd.stop();
  });

  it('answers kv calls in wire form: conditional puts and deletes, ranges by key and by prefix', async () => {
    const res = await client.kv('put', { key: '/t/a', value: 'héllo', ifMod: 0 });
    assert.ok(res.succeeded && res.revision > 0);
    const again = await client.kv('put', { key: '/t/a', value: 'x', ifMod: 0 });
    assert.deepEqual(again, { succeeded: false, revision: res.revision }, 'a create of an existing key fails');
    const got = await client.kv('range', { key: '/t/a' });
    assert.deepEqual(got.kvs, [{ key: '/t/a', value: 'héllo', mod: res.revision, create: res.revision }]);
    const stale = await client.kv('put', { key: '/t/a', value: 'x', ifMod: res.revision - 1 });
    assert.equal(stale.succeeded, false);
    await client.kv('put', { key: '/t/z', value: 'z', ifMod: 0 });
    const page = await client.kv('range', { key: '/t/', prefix: '/t/', limit: 1 });
    assert.deepEqual([page.kvs.map((kv) => kv.key), page.more, page.count], [['/t/a'], true, 2]);
    const counted = await client.kv('range', { key: '/t/', prefix: '/t/', countOnly: true });
    assert.deepEqual([counted.kvs, counted.count], [[], 2]);
    const z = (await client.kv('range', { key: '/t/z' })).kvs[0]!;
    assert.equal((await client.kv('del', { key: '/t/z', ifMod: z.mod - 1 })).succeeded, false);
    assert.equal((await client.kv('del', { key: '/t/z', ifMod: z.mod })).succeeded, true);
    assert.deepEqual((await client.kv('range', { key: '/t/z' })).kvs, []);
  });

  it('keeps etcd\'s error message (compaction is recognised by it)', async () => {
    const first = await put(client, '/t/b', '1');
    await put(client, '/t/b', '2');
    const latest = await put(client, '/t/b', '3');
    await client.kv('compact', { revision: latest.revision });
    await assert.rejects(client.kv('range', { key: '/t/b', revision: first.revision }), /compacted/);
  });

  it('streams watch events (with prev_kv) until cancelled', async () => {
    const start = await client.kv('range', { key: '/w/', countOnly: true });
    const seen: WireWatchResponse[] = [];
    const handle = await client.watch('/w/', start.revision + 1, true, { data: (r) => seen.push(r), error: (e) => assert.fail(e) });
    await put(client, '/w/x', 'one');
    await put(client, '/w/x', 'two');
    const x = (await client.kv('range', { key: '/w/x' })).kvs[0]!;
    await client.kv('del', { key: '/w/x', ifMod: x.mod });
    await waitUntil(() => seen.flatMap((r) => r.events).length >= 3);
    const events = seen.flatMap((r) => r.events);
    assert.deepEqual(events.map((e) => [e.type, e.kv.value, e.prev?.value]), [['put', 'one', undefined], ['put', 'two', 'one'], ['delete', '', 'two']]);
    assert.equal(events[1]!.prev?.mod, events[0]!.kv.mod);
    handle.cancel();
    const n = events.length;
    await put(client, '/w/x', 'three');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.flatMap((r) => r.events).length, n);
  });

  it('fails pending calls and live watches when the thread dies, and starts a new thread for the next call', async () => {
    const errors: Error[] = [];
    await client.watch('/d/', 1, false, { data: () => undefined, error: (e) => errors.push(e) });
    const w = workerOf(client);
    assert.ok(w);
    const pending = client.kv('range', { key: '/t/a' });
    await w.terminate();
    await assert.rejects(pending, /etcd thread exited/);
    assert.equal(errors.length, 1);
    const again = await client.kv('range', { key: '/t/a' });
    assert.equal(again.kvs[0]!.value, 'héllo');
    assert.notEqual(workerOf(client), w);
  });

  it('rejects calls after close', async () => {
    const other = new EtcdThreadClient({ endpoints: [etcd.endpoint], dialTimeoutMs: 5000 });
    await other.kv('range', { key: '/t/a' });
    await other.close();
    assert.equal(workerOf(other), undefined);
    await assert.rejects(other.kv('range', { key: '/t/a' }), /closed/);
  });
});

async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(cond(), 'condition not reached in 5 s');
}
