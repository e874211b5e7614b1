import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentile } from './stats';

void describe('percentile', () => {
  it('takes the nearest rank', () => {
    assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
    assert.equal(percentile([5, 1, 3, 2, 4], 99), 5);
    assert.equal(percentile([5, 1, 3, 2, 4], 0), 1);
  });

  it('is NaN without samples', () => {
    assert.ok(Number.isNaN(percentile([], 50)));
  });
});
