import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from './duration';

void describe('parseDuration', () => {
  void it('parseDuration reads Go durations', () => {
    assert.equal(parseDuration('1s'), 1000);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('1500us'), 1.5);
  });
  void it('parseDuration rejects bad values', () => {
    for (const bad of ['', '1', 's', '1x', '1s2', '-']) assert.throws(() => parseDuration(bad), /invalid duration/);
  });
  void it('formatDuration prints short forms', () => {
    assert.equal(formatDuration(30_000), '30s');
    assert.equal(formatDuration(500), '500ms');
    assert.equal(formatDuration(90_000), '1m30s');
  });
});
