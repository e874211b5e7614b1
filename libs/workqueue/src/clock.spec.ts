import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { clockSleep, FakeClock, realClock } from './clock';

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

void describe('clockSleep', () => {
  /** Resolves true if `p` has settled once pending microtasks ran. */
  async function settled(p: Promise<void>): Promise<boolean> {
    let done = false;
    void p.then(() => (done = true));
    await new Promise<void>((r) => setImmediate(r));
    return done;
  }
  void it('resolves only once the clock reaches the delay, then leaves no listener behind', async () => {
    const c = new FakeClock();
    const ac = new AbortController();
    const p = clockSleep(c, 100, ac.signal);
    c.step(99);
    assert.equal(await settled(p), false);
    assert.equal(getEventListeners(ac.signal, 'abort').length, 1);
    c.step(1);
    assert.equal(await settled(p), true);
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
    assert.equal(c.pendingTimers(), 0);
  });
  void it('resolves early on abort and clears its timer', async () => {
    const c = new FakeClock();
    const ac = new AbortController();
    const p = clockSleep(c, 1e9, ac.signal);
    assert.equal(c.pendingTimers(), 1);
    ac.abort();
    assert.equal(await settled(p), true);
    assert.equal(c.pendingTimers(), 0);
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
  });
  void it('an already-aborted signal resolves at once without arming a timer', async () => {
    const c = new FakeClock();
    const p = clockSleep(c, 1000, AbortSignal.abort());
    assert.equal(c.pendingTimers(), 0);
    assert.equal(await settled(p), true);
  });
  void it('many sleeps on one long-lived signal accumulate no listeners', async () => {
    const c = new FakeClock();
    const ac = new AbortController();
    for (let i = 0; i < 20; i++) {
      const p = clockSleep(c, 10, ac.signal);
      c.step(10);
      await p;
    }
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
  });
});
