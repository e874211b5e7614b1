import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '@tskube/api-types';
import { ExpiredError } from '../errors';
import { MemoryStorage } from '../memory-storage';
import type { StorageEvent } from '../types';
import { isShared } from '../shared-objects';
import { CachedStorage } from './cached-storage';
import type { CacherOptions } from './cacher';

const P = '/registry/pods/';
const pod = (ns: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({ kind: 'Pod', metadata: { namespace: ns, name, uid: `u-${name}` }, ...extra });

async function setup(opts: CacherOptions = {}): Promise<{ inner: MemoryStorage; s: CachedStorage }> {
  const inner = new MemoryStorage();
  const s = new CachedStorage(inner, { prefixes: [P], bookmarkIntervalMs: 0, ...opts });
  await s.start();
  return { inner, s };
}

/** Collects up to `n` events (or until the stream ends / `ms` pass). */
async function collect(stream: AsyncIterable<StorageEvent>, n: number, ms = 2000): Promise<{ events: StorageEvent[]; ended: boolean }> {
  const it = stream[Symbol.asyncIterator]();
  const events: StorageEvent[] = [];
  const deadline = Date.now() + ms;
  while (events.length < n) {
    const r = await Promise.race([it.next(), new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), Math.max(1, deadline - Date.now())))]);
    if (r === 'timeout') return { events, ended: false };
    if (r.done) return { events, ended: true };
    events.push(r.value);
  }
  return { events, ended: false };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

void describe('CachedStorage (watch cache)', () => {
  void it('fans one storage watch out to many client watches, filtered by namespace prefix', async () => {
    const { s } = await setup();
    const ac = new AbortController();
    const all = [1, 2, 3].map(() => s.watch(P, { resourceVersion: '0', signal: ac.signal }));
    const onlyA = s.watch(P + 'a/', { resourceVersion: '0', signal: ac.signal });
    await tick();
    await s.create(P + 'a/x', pod('a', 'x'));
    await s.create(P + 'b/y', pod('b', 'y'));
    await s.guaranteedUpdate(P + 'a/x', (c) => ({ ...c!, v: 1 }) as KubeObject);
    await s.delete(P + 'b/y');
    for (const w of all) {
      const { events } = await collect(w, 4);
      assert.deepEqual(events.map((e) => [e.type, e.object.metadata?.name]), [['ADDED', 'x'], ['ADDED', 'y'], ['MODIFIED', 'x'], ['DELETED', 'y']]);
    }
    const a = await collect(onlyA, 2);
    assert.deepEqual(a.events.map((e) => e.type), ['ADDED', 'MODIFIED']);
    ac.abort();
    await s.close();
  });

  void it('cuts a slow watcher off with a clean end of stream without stalling the others', async () => {
    const { s } = await setup({ watcherBuffer: 5 });
    const ac = new AbortController();
    const slow = s.watch(P, { resourceVersion: '0', signal: ac.signal });
    const fast = s.watch(P, { resourceVersion: '0', signal: ac.signal });
    const slowIt = slow[Symbol.asyncIterator]();
    const first = slowIt.next(); // registers the watcher, then never pulls again
    const fastRes = collect(fast, 20);
    await tick();
    for (let i = 0; i < 20; i++) {
      await s.create(P + `ns/p${i}`, pod('ns', `p${i}`));
      await new Promise((r) => setImmediate(r)); // let the fast consumer run, as network I/O would
    }
    assert.equal((await fastRes).events.length, 20);
    const got = [(await first).value as StorageEvent];
    for (;;) {
      const r = await slowIt.next();
      if (r.done) break;
      got.push(r.value);
    }
    assert.ok(got.length <= 6, `slow watcher got ${got.length} events before being cut off`);
    assert.equal(got[0]!.object.metadata?.name, 'p0');
    // it resumes from its last revision, served from the window
    const resumed = await collect(s.watch(P, { resourceVersion: String(got[got.length - 1]!.revision), signal: ac.signal }), 20 - got.length);
    assert.equal(resumed.events.length, 20 - got.length);
    ac.abort();
    await s.close();
  });

  void it('serves resourceVersion=0 lists from memory; consistent lists still read storage', async () => {
    const { inner, s } = await setup();
    for (const n of ['c', 'a', 'b']) await s.create(P + `ns/${n}`, pod('ns', n));
    await tick();
    let innerLists = 0;
    const orig = inner.list.bind(inner);
    inner.list = (...args) => {
      innerLists++;
      return orig(...args);
    };
    const cached = await s.list(P, { resourceVersion: '0' });
    assert.deepEqual(cached.items.map((o) => o.metadata?.name), ['a', 'b', 'c']);
    assert.equal(cached.resourceVersion, String(s.cacherFor(P)!.revision));
    const page = await s.list(P, { resourceVersion: '0', limit: 2 });
    assert.equal(page.items.length, 2);
    assert.equal(page.remainingItemCount, 1);
    assert.equal(innerLists, 0);
    assert.equal(s.getCached(P + 'ns/a')?.metadata?.name, 'a');
    assert.equal(s.getCached('/registry/other/a'), undefined);
    const next = await s.list(P, { continue: page.continue, limit: 2 }); // continuation reads storage at the page's revision
    assert.deepEqual(next.items.map((o) => o.metadata?.name), ['c']);
    await s.list(P);
    assert.equal(innerLists, 2);
    const notOlder = await s.list(P, { resourceVersion: cached.resourceVersion, resourceVersionMatch: 'NotOlderThan' });
    assert.equal(notOlder.items.length, 3);
    assert.equal(innerLists, 2);
    await s.close();
  });

  void it('Exact lists read the store at that revision', async () => {
    const { s } = await setup();
    const a = await s.create(P + 'ns/a', pod('ns', 'a'));
    await s.create(P + 'ns/b', pod('ns', 'b'));
    const exact = await s.list(P, { resourceVersion: a.metadata!.resourceVersion!, resourceVersionMatch: 'Exact' });
    assert.deepEqual(exact.items.map((o) => o.metadata?.name), ['a']);
    assert.equal(exact.resourceVersion, a.metadata!.resourceVersion);
    await s.close();
  });

  void it('serves recent watches from the window and answers 410 (ExpiredError) outside it', async () => {
    const { s } = await setup({ windowSize: 3 });
    const revs: string[] = [];
    for (let i = 0; i < 6; i++) revs.push((await s.create(P + `ns/p${i}`, pod('ns', `p${i}`))).metadata!.resourceVersion!);
    await tick();
    const ac = new AbortController();
    const recent = await collect(s.watch(P, { resourceVersion: revs[3]!, signal: ac.signal }), 2);
    assert.deepEqual(recent.events.map((e) => e.object.metadata?.name), ['p4', 'p5']);
    const old = s.watch(P, { resourceVersion: revs[0]!, signal: ac.signal })[Symbol.asyncIterator]();
    await assert.rejects(old.next(), ExpiredError);
    ac.abort();
    await s.close();
  });

  void it('sends BOOKMARKs with the cache revision to idle watchers', async () => {
    const { s } = await setup({ bookmarkIntervalMs: 20 });
    const ac = new AbortController();
    const w = s.watch(P, { resourceVersion: '0', signal: ac.signal });
    const res = collect(w, 2);
    await tick();
    await s.create(P + 'ns/a', pod('ns', 'a'));
    const { events } = await res;
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'BOOKMARK']);
    assert.equal(events[1]!.object.metadata?.resourceVersion, String(events[0]!.revision));
    ac.abort();
    await s.close();
  });

  void it('leaves uncached prefixes and writes to the wrapped store', async () => {
    const { inner, s } = await setup();
    await s.create('/registry/other/x', { metadata: { name: 'x' } });
    assert.ok(await inner.get('/registry/other/x'));
    const ac = new AbortController();
    const w = s.watch('/registry/other/', { resourceVersion: '0', signal: ac.signal });
    const res = collect(w, 1);
    await new Promise((r) => setTimeout(r, 10));
    await s.create('/registry/other/y', { metadata: { name: 'y' } });
    assert.equal((await res).events[0]!.object.metadata?.name, 'y');
    ac.abort();
    await s.close();
  });

  void it('hands out read-only shared objects: mutating a cached object throws under tests', async () => {
    const { s } = await setup();
    await s.create(P + 'ns/a', pod('ns', 'a', { spec: { containers: [{ name: 'c' }] } }));
    await s.cacherFor(P)!.waitUntilFresh(Number(await s.currentRevision()), 2000);
    const listed = (await s.list(P, { resourceVersion: '0' })).items[0] as KubeObject & { spec: { containers: { name: string }[] } };
    assert.equal(listed.metadata?.name, 'a');
    assert.ok(isShared(listed));
    assert.throws(() => {
      listed.spec.containers[0]!.name = 'changed';
    }, TypeError);
    assert.equal(s.getCached(P + 'ns/a'), listed, 'every reader gets the same instance');
    // the store's own reads stay private, mutable copies
    const fresh = (await s.get(P + 'ns/a'))!;
    assert.ok(!Object.isFrozen(fresh));
    await s.close();
  });
});
