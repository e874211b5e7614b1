import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock';
import { defaultControllerRateLimiter, itemExponential, maxOf, tokenBucket } from './rate-limiters';

void describe('rate limiters', () => {
  void it('itemExponential doubles per failure up to max and forget resets', () => {
    const l = itemExponential<string>({ baseMs: 5, maxMs: 30 });
    assert.deepEqual([l.when('a'), l.when('a'), l.when('a'), l.when('a')], [5, 10, 20, 30]);
    assert.equal(l.when('b'), 5);
    assert.equal(l.numRequeues('a'), 4);
    l.forget('a');
    assert.equal(l.numRequeues('a'), 0);
    assert.equal(l.when('a'), 5);
  });
  void it('itemExponential caps huge exponents', () => {
    const l = itemExponential<string>({ baseMs: 5, maxMs: 1_000_000 });
    for (let i = 0; i < 2000; i++) l.when('a');
    assert.equal(l.when('a'), 1_000_000);
  });
  void it('tokenBucket allows burst then spaces at qps', () => {
    const clock = new FakeClock();
    const l = tokenBucket<string>({ qps: 10, burst: 2, clock });
    assert.equal(l.when('a'), 0);
    assert.equal(l.when('b'), 0);
    assert.equal(Math.round(l.when('c')), 100);
    assert.equal(Math.round(l.when('d')), 200);
    clock.step(1000);
    assert.equal(l.when('e'), 0);
  });
  void it('maxOf takes the longest delay', () => {
    const clock = new FakeClock();
    const l = maxOf<string>(itemExponential({ baseMs: 5, maxMs: 1000 }), tokenBucket({ qps: 1, burst: 1, clock }));
    assert.equal(l.when('a'), 5);
    assert.equal(Math.round(l.when('a')), 1000);
    assert.equal(l.numRequeues('a'), 2);
    l.forget('a');
    assert.equal(l.numRequeues('a'), 0);
  });
  void it('defaultControllerRateLimiter starts at 5ms', () => {
    const l = defaultControllerRateLimiter<string>({ clock: new FakeClock() });
    assert.equal(l.when('x'), 5);
    assert.equal(l.when('x'), 10);
  });
});
