import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { benchCycle } from './cycle-bench';

void describe('benchCycle', () => {
  void it('binds every pod with the fake binder and reports a rate', async () => {
    const r = await benchCycle(5, 20);
    assert.equal(r.bound, 20);
    assert.ok(r.podsPerSec > 0);
  });
});
