import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '@tskube/api-types';
import { ExpiredError, KeyExistsError, KeyNotFoundError, PreconditionError } from './errors';
import type { Storage, StorageEvent } from './types';

/**
 * The contract every Storage backend passes (upstream store_tests.go in spirit). Each test
 * uses its own key prefix so one backend instance serves the whole suite.
 */
export function runStorageContract(name: string, setup: () => Promise<{ storage: Storage; teardown(): Promise<void> }>): void {
  void describe(`storage contract: ${name}`, () => {
    let s: Storage;
    let teardown: () => Promise<void>;
    let n = 0;
    const prefix = (): string => `/registry/t${++n}-${Date.now()}/`;
    const obj = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({ kind: 'Thing', metadata: { name, uid: `uid-${name}` }, ...extra });

    before(async () => ({ storage: s, teardown } = await setup()));
    after(async () => teardown());

    async function take(it: AsyncIterator<StorageEvent>, count: number): Promise<StorageEvent[]> {
      const out: StorageEvent[] = [];
      while (out.length < count) {
        const r = await it.next();
        if (r.done) break;
        out.push(r.value);
      }
      return out;
    }

    void it('create sets resourceVersion and rejects duplicates', async () => {
      const p = prefix();
      const a = await s.create(p + 'a', obj('a'));
      assert.match(a.metadata?.resourceVersion ?? '', /^\d+$/);
      assert.deepEqual(await s.get(p + 'a'), a);
      await assert.rejects(s.create(p + 'a', obj('a')), KeyExistsError);
      assert.equal(await s.get(p + 'missing'), undefined);
    });

    void it('guaranteedUpdate bumps the revision, skips no-op writes, checks preconditions', async () => {
      const p = prefix();
      const a = await s.create(p + 'a', obj('a'));
      const b = await s.guaranteedUpdate(p + 'a', (cur) => ({ ...cur!, data: 1 }) as KubeObject);
      assert.ok(Number(b.metadata?.resourceVersion) > Number(a.metadata?.resourceVersion));
      const same = await s.guaranteedUpdate(p + 'a', (cur) => ({ ...cur! }));
      assert.equal(same.metadata?.resourceVersion, b.metadata?.resourceVersion);
      await assert.rejects(s.guaranteedUpdate(p + 'a', (c) => c!, { preconditions: { resourceVersion: a.metadata!.resourceVersion! } }), PreconditionError);
      await assert.rejects(s.guaranteedUpdate(p + 'a', (c) => c!, { preconditions: { uid: 'other' } }), PreconditionError);
      await assert.rejects(s.guaranteedUpdate(p + 'nope', (c) => c!), KeyNotFoundError);
      const created = await s.guaranteedUpdate(p + 'new', (c) => c ?? obj('new'), { ignoreNotFound: true });
      assert.equal(created.metadata?.name, 'new');
    });

    void it('guaranteedUpdate retries when a concurrent write wins (CAS)', async () => {
      const p = prefix();
      await s.create(p + 'c', obj('c', { count: 0 }));
      const bump = (): Promise<KubeObject> =>
        s.guaranteedUpdate(p + 'c', async (cur) => {
          await new Promise((r) => setTimeout(r, 5));
          return { ...cur!, count: (cur as { count: number }).count + 1 } as KubeObject;
        });
      await Promise.all([bump(), bump(), bump(), bump()]);
      assert.equal(((await s.get(p + 'c')) as { count: number }).count, 4);
    });

    void it('guaranteedUpdate with a stale `current` hint starts over from the stored state', async () => {
      const p = prefix();
      const v1 = await s.create(p + 'a', obj('a', { n: 1 }));
      const v2 = await s.guaranteedUpdate(p + 'a', (c) => ({ ...c!, n: 2, labels: {} }));
      const seen: (string | undefined)[] = [];
      // the update must apply to n=2, not to the stale n=1 hint
      const v3 = await s.guaranteedUpdate(p + 'a', (c) => (seen.push(c!.metadata?.resourceVersion), { ...c!, n: (c as { n: number }).n + 10 }), { current: structuredClone(v1) });
      assert.equal((v3 as { n?: number }).n, 12);
      assert.equal(seen.at(-1), v2.metadata?.resourceVersion);
      // a change that is a no-op only against the stale hint is still written
      const stale = structuredClone(v3);
      await s.guaranteedUpdate(p + 'a', (c) => ({ ...c!, x: 'y' }));
      await s.guaranteedUpdate(p + 'a', (c) => { const { x: _x, ...rest } = c as KubeObject & { x?: string }; return rest; }, { current: stale });
      assert.equal((await s.get(p + 'a') as { x?: string }).x, undefined);
      // preconditions are checked against the stored state, not the hint
      const cur = (await s.get(p + 'a'))!;
      const v5 = await s.guaranteedUpdate(p + 'a', (c) => ({ ...c!, n: 99 }), { current: structuredClone(v1), preconditions: { resourceVersion: cur.metadata?.resourceVersion } });
      assert.equal((v5 as { n?: number }).n, 99);
      // a fresh hint is used as is and the result matches a read
      const v6 = await s.guaranteedUpdate(p + 'a', (c) => ({ ...c!, n: 100 }), { current: structuredClone(v5) });
      assert.deepEqual(await s.get(p + 'a'), v6);
    });

    void it('delete returns the last state and honours preconditions', async () => {
      const p = prefix();
      const a = await s.create(p + 'a', obj('a'));
      await assert.rejects(s.delete(p + 'a', { preconditions: { uid: 'x' } }), PreconditionError);
      const gone = await s.delete(p + 'a', { preconditions: { uid: 'uid-a', resourceVersion: a.metadata!.resourceVersion! } });
      assert.equal(gone.metadata?.name, 'a');
      assert.equal(await s.get(p + 'a'), undefined);
      await assert.rejects(s.delete(p + 'a'), KeyNotFoundError);
    });

    void it('lists sorted, with limit/continue at one revision and a predicate', async () => {
      const p = prefix();
      for (const k of ['d', 'b', 'a', 'c', 'e']) await s.create(p + k, obj(k, { even: 'bd'.includes(k) }));
      await s.create(p.slice(0, -1) + 'x/z', obj('outside')); // sibling prefix must not leak in
      const all = await s.list(p);
      assert.deepEqual(all.items.map((i) => i.metadata?.name), ['a', 'b', 'c', 'd', 'e']);
      const p1 = await s.list(p, { limit: 2 });
      assert.deepEqual(p1.items.map((i) => i.metadata?.name), ['a', 'b']);
      assert.ok(p1.continue);
      assert.equal(p1.remainingItemCount, 3);
      await s.delete(p + 'c'); // a later write must not show in the continued snapshot
      const p2 = await s.list(p, { limit: 2, continue: p1.continue });
      assert.deepEqual(p2.items.map((i) => i.metadata?.name), ['c', 'd']);
      assert.equal(p2.resourceVersion, p1.resourceVersion);
      const p3 = await s.list(p, { limit: 2, continue: p2.continue });
      assert.deepEqual(p3.items.map((i) => i.metadata?.name), ['e']);
      assert.equal(p3.continue, undefined);
      const even = await s.list(p, { predicate: (o) => (o as { even: boolean }).even, limit: 1 });
      assert.deepEqual(even.items.map((i) => i.metadata?.name), ['b']);
      const even2 = await s.list(p, { predicate: (o) => (o as { even: boolean }).even, limit: 1, continue: even.continue });
      assert.deepEqual(even2.items.map((i) => i.metadata?.name), ['d']);
      assert.ok(Number(all.resourceVersion) >= Number(all.items[4]!.metadata!.resourceVersion));
    });

    void it('watch from a revision yields exactly the later events, and resumes', async () => {
      const p = prefix();
      const a = await s.create(p + 'a', obj('a'));
      const startRV = a.metadata!.resourceVersion!;
      await s.guaranteedUpdate(p + 'a', (c) => ({ ...c!, v: 2 }) as KubeObject);
      const ac = new AbortController();
      const it = s.watch(p, { resourceVersion: startRV, signal: ac.signal })[Symbol.asyncIterator]();
      const b = await s.create(p + 'b', obj('b'));
      await s.delete(p + 'a');
      const evs = await take(it, 3);
      assert.deepEqual(evs.map((e) => [e.type, e.object.metadata?.name]), [['MODIFIED', 'a'], ['ADDED', 'b'], ['DELETED', 'a']]);
      assert.equal((evs[0]!.prevObject as { v?: number }).v, undefined);
      assert.ok(Number(evs[2]!.object.metadata?.resourceVersion) > Number(b.metadata?.resourceVersion));
      ac.abort();
      assert.equal((await it.next()).done, true);
      // resume after the ADDED b
      const ac2 = new AbortController();
      const it2 = s.watch(p, { resourceVersion: b.metadata!.resourceVersion!, signal: ac2.signal })[Symbol.asyncIterator]();
      assert.deepEqual((await take(it2, 1)).map((e) => e.type), ['DELETED']);
      ac2.abort();
    });

    void it('watch from "0" starts now', async () => {
      const p = prefix();
      await s.create(p + 'old', obj('old'));
      const ac = new AbortController();
      const it = s.watch(p, { resourceVersion: '0', signal: ac.signal })[Symbol.asyncIterator]();
      await new Promise((r) => setTimeout(r, 100)); // let a remote watch establish
      await s.create(p + 'new', obj('new'));
      assert.deepEqual((await take(it, 1)).map((e) => e.object.metadata?.name), ['new']);
      ac.abort();
    });

    void it('compacted revisions fail with ExpiredError (watch and continue)', async () => {
      const p = prefix();
      const a = await s.create(p + 'a', obj('a'));
      await s.create(p + 'b', obj('b'));
      const page = await s.list(p, { limit: 1 });
      for (let i = 0; i < 3; i++) await s.guaranteedUpdate(p + 'a', (c) => ({ ...c!, i }) as KubeObject);
      await s.compact(await s.currentRevision());
      const ac = new AbortController();
      const it = s.watch(p, { resourceVersion: a.metadata!.resourceVersion!, signal: ac.signal })[Symbol.asyncIterator]();
      await assert.rejects(it.next(), ExpiredError);
      ac.abort();
      await assert.rejects(s.list(p, { limit: 1, continue: page.continue }), ExpiredError);
      // current state stays readable after compaction
      assert.equal((await s.list(p)).items.length, 2);
    });
  });
}
