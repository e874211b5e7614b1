import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock';
import { DelayingQueue } from './delaying-queue';

void describe('DelayingQueue', () => {
  void it('DelayingQueue addAfter adds when the delay passes', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 100);
    q.addAfter('b', 0);
    assert.equal(q.len(), 1);
    clock.step(99);
    assert.equal(q.len(), 1);
    clock.step(1);
    assert.equal(q.len(), 2);
  });
  void it('DelayingQueue keeps the earliest ready time for duplicates', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 200);
    assert.equal(q.waitingLen(), 1);
    clock.step(50);
    assert.equal(q.len(), 1);
    clock.step(500);
    assert.equal(q.len(), 1);
  });
  void it('DelayingQueue shutDown cancels pending timers', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 10);
    q.shutDown();
    assert.equal(clock.pendingTimers(), 0);
  });
});
