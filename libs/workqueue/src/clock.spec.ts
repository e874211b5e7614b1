import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, realClock } from './clock';

void describe('FakeClock', () => {
  void it('FakeClock fires due timers in order during step', () => {
    const c = new FakeClock(1000);
    const seen: string[] = [];
    c.setTimeout(() => seen.push('b'), 20);
    c.setTimeout(() => seen.push('a'), 10);
    const h = c.setTimeout(() => seen.push('x'), 15);
    c.clearTimeout(h);
    c.step(15);
    assert.deepEqual(seen, ['a']);
    assert.equal(c.now(), 1015);
    c.step(5);
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(c.pendingTimers(), 0);
  });
  void it('FakeClock fires timers armed by callbacks inside the window', () => {
    const c = new FakeClock();
    const seen: number[] = [];
    c.setTimeout(() => {
      seen.push(c.now());
      c.setTimeout(() => seen.push(c.now()), 5);
    }, 5);
    c.step(10);
    assert.deepEqual(seen, [5, 10]);
  });
  void it('realClock timers fire', async () => {
    await new Promise<void>((resolve) => realClock.setTimeout(resolve, 1));
    assert.ok(realClock.now() > 0);
  });
});
