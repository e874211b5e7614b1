import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration, parseGoDuration } from './duration';

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

describe('formatGoDuration', () => {
  it('prints milliseconds as Go prints a millisecond-truncated time.Duration', () => {
    const cases: Array<[number, string]> = [[0, '0s'], [0.7, '0s'], [250, '250ms'], [999.9, '999ms'], [1000, '1s'], [1234.5, '1.234s'], [1500, '1.5s'], [60_000, '1m0s'], [61_250, '1m1.25s'], [3_723_000, '1h2m3s'], [3_600_000, '1h0m0s']];
    for (const [ms, want] of cases) assert.equal(formatGoDuration(ms), want, String(ms));
  });
  it('round-trips through parseGoDuration', () => {
    for (const ms of [250, 1234, 61_250, 3_723_004]) assert.equal(parseGoDuration(formatGoDuration(ms)), ms);
  });
});
