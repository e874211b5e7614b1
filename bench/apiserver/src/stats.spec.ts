import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, perSecond, runPool } from './stats';

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
});
