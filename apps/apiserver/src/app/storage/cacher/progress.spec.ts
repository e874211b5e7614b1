import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdStorage } from '../etcd-storage';
import { etcdAvailable, startThrowawayEtcd } from '@tskube/processes';
import type { ThrowawayEtcd } from '@tskube/processes';
import type { StorageEvent } from '../types';
import { CachedStorage } from './cached-storage';

const IDLE = '/registry/idle/';
const BUSY = '/registry/busy/';

/** The first event from `stream` satisfying `want`, within `ms`. */
async function firstMatching(stream: AsyncIterable<StorageEvent>, want: (e: StorageEvent) => boolean, ms: number): Promise<StorageEvent | undefined> {
  const it = stream[Symbol.asyncIterator]();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const r = await Promise.race([it.next(), new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), Math.max(1, deadline - Date.now())))]);
    if (r === 'timeout' || r.done) return undefined;
    if (want(r.value)) return r.value;
  }
  return undefined;
}

void describe('etcd progress notifications', { skip: etcdAvailable() ? false : 'no etcd binary' }, () => {
  let etcd: ThrowawayEtcd;
  let store: EtcdStorage;
  before(async () => {
    etcd = await startThrowawayEtcd(['--experimental-watch-progress-notify-interval=200ms']);
    store = new EtcdStorage([etcd.endpoint]);
  });
  after(async () => {
    await store.close();
    await etcd.stop();
  });

  void it('arrive as BOOKMARK events carrying the store revision on an idle prefix', async () => {
    const ac = new AbortController();
    const w = store.watch(IDLE, { resourceVersion: '', signal: ac.signal });
    let last = 0;
    for (let i = 0; i < 3; i++) last = Number((await store.create(`${BUSY}a${i}`, { kind: 'Thing', metadata: { name: `a${i}` } })).metadata?.resourceVersion);
    const ev = await firstMatching(w, (e) => e.type === 'BOOKMARK' && e.revision >= last, 10_000);
    ac.abort();
    assert.ok(ev, 'no progress BOOKMARK reached the last write');
    assert.equal(ev.object.metadata?.resourceVersion, String(ev.revision));
  });

  void it('advance an idle watch cache so client BOOKMARKs carry fresh resourceVersions', async () => {
    const cached = new CachedStorage(store, { prefixes: [IDLE, BUSY], bookmarkIntervalMs: 100 });
    await cached.start();
    const ac = new AbortController();
    const w = cached.watch(IDLE, { resourceVersion: '0', signal: ac.signal });
    const rv = Number((await store.create(`${BUSY}b`, { kind: 'Thing', metadata: { name: 'b' } })).metadata?.resourceVersion);
    const ev = await firstMatching(w, (e) => e.type === 'BOOKMARK' && e.revision >= rv, 10_000);
    ac.abort();
    for (const p of [IDLE, BUSY]) cached.cacherFor(p)?.stop();
    assert.ok(ev, 'the idle cache never reported the newer revision');
    assert.ok(cached.cacherFor(IDLE)!.revision >= rv);
    assert.equal(ev.object.metadata?.resourceVersion, String(ev.revision));
  });
});
