import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStorageBackend } from '../../storage/storage-backends';
import type { OpenStorage } from '../../storage/storage-backends';
import { ClusterIPAllocator, IPAllocationError } from './cluster-ip-allocator';
import { parseCidr } from './cidr';

/** ClusterIP allocation against one storage backend, in a /28 (14 usable addresses). */
function clusterIPSuite(name: string, open: OpenStorage): void {
  void describe(`ClusterIP allocation (${name})`, () => {
    async function withAllocator(fn: (alloc: ClusterIPAllocator) => Promise<void>): Promise<void> {
      const { storage, close } = await open();
      try {
        await fn(new ClusterIPAllocator(storage, parseCidr('10.0.0.0/28')));
      } finally {
        await close();
      }
    }

    void it('parallel allocations into a range with fewer free addresses: exactly the free count succeed, all distinct', () =>
      withAllocator(async (alloc) => {
        await alloc.allocateSpecific('10.0.0.1', 'default/kubernetes');
        const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => alloc.allocateNext(`default/s${i}`)));
        const ips = results.filter((r): r is PromiseFulfilledResult<string> => r.status === 'fulfilled').map((r) => r.value);
        assert.equal(ips.length, 13, 'a /28 has 14 usable addresses and one is taken');
        assert.equal(new Set(ips).size, 13, `duplicates in ${ips.join(',')}`);
        assert.ok(!ips.includes('10.0.0.1'), 'the taken address is never handed out again');
        for (const ip of ips) assert.match(ip, /^10\.0\.0\.(\d+)$/);
        for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof IPAllocationError && /range is full/.test(r.reason.message), String(r.reason));
        // a release makes exactly that address available again
        await alloc.release(ips[0]!);
        assert.equal(await alloc.isFree(ips[0]!), true);
        assert.equal(await alloc.allocateNext('default/again'), ips[0]);
      }));

    void it('racing for the same specific address: exactly one wins; out-of-range is refused with the range', () =>
      withAllocator(async (alloc) => {
        const race = await Promise.allSettled([1, 2, 3, 4].map((i) => alloc.allocateSpecific('10.0.0.7', `default/r${i}`)));
        assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of race) if (r.status === 'rejected') assert.match(String(r.reason), /provided IP is already allocated/);
        await assert.rejects(alloc.allocateSpecific('10.0.1.7', 'default/x'), /the provided IP \(10\.0\.1\.7\) is not in the valid range. The range of valid IPs is 10\.0\.0\.0\/28/);
      }));
  });
}

forEachStorageBackend(clusterIPSuite);
