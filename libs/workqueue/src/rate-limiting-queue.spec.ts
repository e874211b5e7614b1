import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock';
import { itemExponential } from './rate-limiters';
import { RateLimitingQueue } from './rate-limiting-queue';

void describe('RateLimitingQueue', () => {
  void it('RateLimitingQueue addRateLimited backs off and forget resets', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>({ clock, rateLimiter: itemExponential({ baseMs: 10, maxMs: 1000 }) });
    q.addRateLimited('a');
    assert.equal(q.numRequeues('a'), 1);
    assert.equal(q.len(), 0);
    clock.step(10);
    assert.equal(await q.get(), 'a');
    q.addRateLimited('a');
    q.done('a');
    clock.step(19);
    assert.equal(q.len(), 0);
    clock.step(1);
    assert.equal(q.len(), 1);
    q.forget('a');
    assert.equal(q.numRequeues('a'), 0);
  });
  void it('RateLimitingQueue defaults to the controller limiter', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>({ clock });
    q.addRateLimited('a');
    clock.step(5);
    assert.equal(q.len(), 1);
  });
});
