import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import type { IWatchResponse } from 'etcd3';
import { etcdAvailable, startThrowawayEtcd } from '@tskube/processes';
import { EtcdThreadClient } from './etcd-thread-client';

/** The worker behind a client (private), to kill it the way a crash would. */
const workerOf = (c: EtcdThreadClient): Worker | undefined => (c as unknown as { worker?: Worker }).worker;

const put = (c: EtcdThreadClient, key: string, value: string) =>
  c.kv('txn', { compare: [], success: [{ request_put: { key: Buffer.from(key), value: Buffer.from(value) } }], failure: [] });

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

  it('answers kv calls with etcd3 responses whose bytes are Buffers', async () => {
    const res = await put(client, '/t/a', 'hello');
    assert.ok(Number(res.header.revision) > 0);
    const got = await client.kv('range', { key: Buffer.from('/t/a') });
    assert.equal(got.kvs.length, 1);
    assert.ok(Buffer.isBuffer(got.kvs[0]!.value));
    assert.equal(got.kvs[0]!.value.toString('utf8'), 'hello');
    assert.equal(got.kvs[0]!.mod_revision, res.header.revision);
  });

  it('keeps etcd\'s error message (compaction is recognised by it)', async () => {
    const { header } = await put(client, '/t/b', '1');
    await put(client, '/t/b', '2');
    const latest = await put(client, '/t/b', '3');
    await client.kv('compact', { revision: latest.header.revision, physical: true });
    await assert.rejects(client.kv('range', { key: Buffer.from('/t/b'), revision: header.revision }), /compacted/);
  });

  it('streams watch events (with prev_kv) until cancelled', async () => {
    const start = await client.kv('range', { key: Buffer.from('/w/'), count_only: true });
    const seen: IWatchResponse[] = [];
    const handle = await client.watch('/w/', String(Number(start.header.revision) + 1), true, { data: (r) => seen.push(r), error: (e) => assert.fail(e) });
    await put(client, '/w/x', 'one');
    await put(client, '/w/x', 'two');
    await waitUntil(() => seen.flatMap((r) => r.events).length >= 2);
    const events = seen.flatMap((r) => r.events);
    assert.equal(events[1]!.kv.value.toString('utf8'), 'two');
    assert.ok(Buffer.isBuffer(events[1]!.prev_kv.value));
    assert.equal(events[1]!.prev_kv.value.toString('utf8'), 'one');
    handle.cancel();
    const n = events.length;
    await put(client, '/w/x', 'three');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.flatMap((r) => r.events).length, n);
  });

  it('fails pending calls and live watches when the thread dies, and starts a new thread for the next call', async () => {
    const errors: Error[] = [];
    await client.watch('/d/', '1', false, { data: () => undefined, error: (e) => errors.push(e) });
    const w = workerOf(client);
    assert.ok(w);
    const pending = client.kv('range', { key: Buffer.from('/t/a') });
    await w.terminate();
    await assert.rejects(pending, /etcd thread exited/);
    assert.equal(errors.length, 1);
    const again = await client.kv('range', { key: Buffer.from('/t/a') });
    assert.equal(again.kvs[0]!.value.toString('utf8'), 'hello');
    assert.notEqual(workerOf(client), w);
  });

  it('rejects calls after close', async () => {
    const other = new EtcdThreadClient({ endpoints: [etcd.endpoint], dialTimeoutMs: 5000 });
    await other.kv('range', { key: Buffer.from('/t/a') });
    await other.close();
    assert.equal(workerOf(other), undefined);
    await assert.rejects(other.kv('range', { key: Buffer.from('/t/a') }), /closed/);
  });
});

async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(cond(), 'condition not reached in 5 s');
}
