import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { combinePhases, percentile, perSecond, runPool } from './stats';

void describe('bench stats', () => {
  void it('percentile uses the nearest rank', () => {
    const xs = [5, 1, 4, 2, 3];
    assert.equal(percentile(xs, 50), 3);
    assert.equal(percentile(xs, 99), 5);
    assert.equal(percentile(xs, 0), 1);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  void it('runPool bounds concurrency and runs every index once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool(20, 3, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      seen.push(i);
      inFlight--;
    });
    assert.equal(peak, 3);
    assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
    assert.equal(perSecond(10, 500), 20);
  });

  void it('combinePhases divides all operations by all time and weights CPU by operations', () => {
    // 1,000 ops at 500/s (2 s) + 3,000 at 1,500/s (2 s): 4,000 ops in 4 s, not the mean of the rates (1,000).
    const c = combinePhases([
      { ops: 1000, perSec: 500, cpu: { apiserver: 2, etcd: 1 } },
      { ops: 3000, perSec: 1500, cpu: { apiserver: 1 } },
    ]);
    assert.equal(c.ops, 4000);
    assert.equal(c.perSec, 1000);
    assert.deepEqual(c.cpu, { apiserver: 1.25, etcd: 0.25 });
  });
});
