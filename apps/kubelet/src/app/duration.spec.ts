import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoDuration } from './duration';

describe('parseGoDuration', () => {
  it('parses Go durations to milliseconds', () => {
    assert.equal(parseGoDuration('20s'), 20_000);
    assert.equal(parseGoDuration('1m30s'), 90_000);
    assert.equal(parseGoDuration('1.5h'), 5_400_000);
    assert.equal(parseGoDuration('250ms'), 250);
    assert.equal(parseGoDuration('0'), 0);
  });
  it('rejects garbage', () => {
    assert.throws(() => parseGoDuration('20'), /invalid duration "20"/);
    assert.throws(() => parseGoDuration('s'), /invalid/);
    assert.throws(() => parseGoDuration(''), /invalid/);
  });
});
