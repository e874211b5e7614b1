import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '@tskube/api-types';
import { etcdAvailable, startThrowawayEtcd } from '@tskube/processes';
import { decodeObject, encodeObject } from './codec';
import { EtcdStorage } from './etcd-storage';
import { RecentWrites } from './recent-writes';
import type { StorageEvent } from './types';

const pod = (rv?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...(rv ? { resourceVersion: rv } : {}), labels: { a: 'b' } }, spec: { containers: [] } } as KubeObject);

void describe('RecentWrites', () => {
  it('hands back an object only for the exact bytes written to the key, shaped as decoding them yields', () => {
    const r = new RecentWrites();
    for (const written of [pod(), pod('7')]) {
      const value = encodeObject(written);
      r.remember('/k', value, written);
      assert.equal(r.take('/other', value, 9), undefined);
      assert.equal(r.take('/k', encodeObject({ ...written, metadata: { name: 'changed' } }), 9), undefined);
      const got = r.take('/k', Buffer.from(value).toString('utf8'), 9); // as the etcd thread decodes etcd's bytes
      assert.equal(JSON.stringify(got), JSON.stringify(decodeObject(value, 9)));
      assert.equal(got?.metadata?.resourceVersion, '9');
      assert.equal((got as { spec?: unknown }).spec, (written as { spec?: unknown }).spec, 'nested values are shared, not decoded again');
    }
  });

  it('keeps at most `cap` entries, evicting the oldest', () => {
    const r = new RecentWrites(2);
    const v = encodeObject(pod());
    for (let i = 1; i <= 3; i++) r.remember(`/k${i}`, v, pod());
    assert.equal(r.size, 2);
    assert.equal(r.take('/k1', v, 1), undefined);
    assert.ok(r.take('/k3', v, 3));
  });
});

void describe('EtcdStorage watch events of its own writes', { skip: etcdAvailable() ? false : 'etcd binary absent' }, () => {
  it('carry the written object, equal (key order included) to a decode of what etcd stored', async () => {
    const etcd = await startThrowawayEtcd();
    const storage = new EtcdStorage([etcd.endpoint]);
    const ac = new AbortController();
    try {
      const events: StorageEvent[] = [];
      const from = String(await storage.currentRevision());
      const watching = (async () => {
        for await (const ev of storage.watch('/registry/pods/', { resourceVersion: from, signal: ac.signal })) events.push(ev);
      })();
      // The watch is live once it reports a write made after it started (a fixed sleep is not
      // enough when the etcd thread is still starting on a loaded machine).
      await storage.create('/registry/pods/d/sentinel', pod());
      for (let i = 0; i < 200 && events.length < 1; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(events.splice(0).length, 1, 'the watch saw the sentinel');
      const created = await storage.create('/registry/pods/d/p', pod());
      const fresh1 = JSON.stringify(await storage.get('/registry/pods/d/p'));
      const updated = await storage.guaranteedUpdate('/registry/pods/d/p', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, labels: { a: 'c' } } }));
      const fresh2 = JSON.stringify(await storage.get('/registry/pods/d/p'));
      const other = new EtcdStorage([etcd.endpoint]); // a write by another apiserver is decoded
      await other.guaranteedUpdate('/registry/pods/d/p', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, labels: { a: 'd' } } }));
      const fresh3 = JSON.stringify(await storage.get('/registry/pods/d/p'));
      await other.close();
      for (let i = 0; i < 100 && events.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'MODIFIED']);
      assert.deepEqual(events.map((e) => JSON.stringify(e.object)), [fresh1, fresh2, fresh3]);
      const spec = (o: KubeObject): unknown => (o as { spec?: unknown }).spec;
      assert.equal(spec(events[0]!.object), spec(created), 'the created object itself, not a second decode');
      assert.equal(events[1]!.object.metadata?.resourceVersion, updated.metadata?.resourceVersion);
      assert.notEqual(spec(events[2]!.object), spec(updated), "another apiserver's write is decoded");
      ac.abort();
      await watching;
    } finally {
      ac.abort();
      await storage.close();
      await etcd.stop();
    }
  });
});
