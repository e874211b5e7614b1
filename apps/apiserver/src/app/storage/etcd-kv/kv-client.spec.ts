import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Etcd3 } from 'etcd3';
import { etcdAvailable, freePort, startThrowawayEtcd } from '@tskube/processes';
import type { ThrowawayEtcd } from '@tskube/processes';
import { GrpcError, KvClient } from './kv-client';

const b = (s: string): Buffer => Buffer.from(s);

void describe('KvClient against a real etcd', { skip: etcdAvailable() ? false : 'etcd binary absent' }, () => {
  let etcd: ThrowawayEtcd;
  let kv: KvClient;
  let ref: Etcd3;
  before(async () => {
    etcd = await startThrowawayEtcd();
    kv = new KvClient([etcd.endpoint]);
    ref = new Etcd3({ hosts: [etcd.endpoint] });
  });
  after(async () => {
    kv.close();
    ref.close();
    await etcd.stop();
  });

  it('creates with a create_revision == 0 guard once; the second create fails the compare', async () => {
    const put = { put: { key: b('/t/a'), value: b('{"x":1}') } };
    const first = await kv.txn({ compare: [{ key: b('/t/a'), target: 'Create', revision: 0 }], success: [put] });
    assert.equal(first.succeeded, true);
    assert.ok(first.revision > 1);
    const again = await kv.txn({ compare: [{ key: b('/t/a'), target: 'Create', revision: 0 }], success: [put] });
    assert.equal(again.succeeded, false);
    assert.equal(again.revision, first.revision);
  });

  it('reads what the etcd3 client wrote, with its revisions, and writes what it reads', async () => {
    const value = Buffer.from([0, 1, 2, 255, ...Buffer.from('é{"y":2}')]);
    await ref.put('/t/ref').value(value);
    const res = await kv.range({ key: b('/t/ref') });
    const [kvs] = res.kvs;
    assert.ok(kvs);
    assert.deepEqual(kvs.value, value);
    assert.equal(kvs.key.toString(), '/t/ref');
    assert.equal(kvs.mod_revision, kvs.create_revision);
    assert.equal(kvs.version, 1);
    const upd = await kv.txn({ compare: [{ key: b('/t/ref'), target: 'Mod', revision: kvs.mod_revision }], success: [{ put: { key: b('/t/ref'), value: b('v2') } }] });
    assert.equal(upd.succeeded, true);
    assert.equal(await ref.get('/t/ref').string(), 'v2');
    const stale = await kv.txn({ compare: [{ key: b('/t/ref'), target: 'Mod', revision: kvs.mod_revision }], success: [{ deleteKey: b('/t/ref') }] });
    assert.equal(stale.succeeded, false);
    const del = await kv.txn({ compare: [{ key: b('/t/ref'), target: 'Mod', revision: upd.revision }], success: [{ deleteKey: b('/t/ref') }] });
    assert.equal(del.succeeded, true);
    assert.equal(await ref.get('/t/ref').string(), null);
  });

  it('ranges with limit, more, count, count_only and an old revision', async () => {
    const revs: number[] = [];
    for (const k of ['p/1', 'p/2', 'p/3']) revs.push((await kv.txn({ compare: [], success: [{ put: { key: b(`/r/${k}`), value: b(k) } }] })).revision);
    const page = await kv.range({ key: b('/r/p/'), range_end: b('/r/p0'), limit: 2 });
    assert.deepEqual(page.kvs.map((x) => x.key.toString()), ['/r/p/1', '/r/p/2']);
    assert.equal(page.more, true);
    assert.equal(page.count, 3);
    const counted = await kv.range({ key: b('/r/p/'), range_end: b('/r/p0'), count_only: true });
    assert.equal(counted.kvs.length, 0);
    assert.equal(counted.count, 3);
    const old = await kv.range({ key: b('/r/p/'), range_end: b('/r/p0'), revision: revs[0] });
    assert.deepEqual(old.kvs.map((x) => x.value.toString()), ['p/1']);
  });

  it("reports etcd's errors with etcd's message: compacted and future revisions", async () => {
    const { revision } = await kv.txn({ compare: [], success: [{ put: { key: b('/c/x'), value: b('1') } }] });
    await kv.txn({ compare: [], success: [{ put: { key: b('/c/x'), value: b('2') } }] });
    await kv.compact(revision + 1, true);
    await assert.rejects(kv.range({ key: b('/c/x'), revision }), (err: unknown) => err instanceof GrpcError && /compacted/.test(err.message));
    await assert.rejects(kv.range({ key: b('/c/x'), revision: revision + 1000 }), (err: unknown) => err instanceof GrpcError && /future revision/.test(err.message));
  });

  it('moves to the next endpoint when one refuses connections, and fails with UNAVAILABLE when all do', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const rotating = new KvClient([dead, etcd.endpoint], 2000);
    try {
      const res = await rotating.range({ key: b('/t/a') });
      assert.equal(res.kvs.length, 1);
    } finally {
      rotating.close();
    }
    const nothing = new KvClient([dead], 2000);
    try {
      await assert.rejects(nothing.range({ key: b('/t/a') }), (err: unknown) => err instanceof GrpcError && err.code === 14);
    } finally {
      nothing.close();
    }
  });
});
