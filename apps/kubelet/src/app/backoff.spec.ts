import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from './backoff';

void describe('Backoff', () => {
  void it('doubles up to the maximum and resets after idling', () => {
    let now = 0;
    const b = new Backoff({ initialMs: 10, maxMs: 40, now: () => now });
    assert.equal(b.remaining('k', 0), 0);
    b.next('k');
    assert.equal(b.get('k'), 10);
    assert.equal(b.remaining('k', 0), 10);
    now = 5;
    assert.equal(b.remaining('k', 0), 5);
    b.next('k');
    b.next('k');
    b.next('k');
    assert.equal(b.get('k'), 40);
    now = 5 + 81;
    assert.equal(b.remaining('k', now), 0);
    b.next('k');
    assert.equal(b.get('k'), 10);
    b.resetPrefix('k');
    assert.equal(b.get('k'), 0);
  });
});
