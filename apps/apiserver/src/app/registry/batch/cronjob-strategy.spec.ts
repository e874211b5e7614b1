import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleError } from './cronjob-strategy';

void describe('cron schedule shape', () => {
  it('accepts 5-field schedules and descriptors', () => {
    for (const s of ['*/5 * * * *', '0 0 1 1 *', '@hourly', '@every 1h30m', '0 9 * * MON-FRI']) assert.equal(scheduleError(s), '', s);
  });
  it('rejects other shapes with upstream-like messages', () => {
    assert.equal(scheduleError('* * *'), 'expected exactly 5 fields, found 3: * * *');
    assert.equal(scheduleError('@sometimes'), 'unrecognized descriptor: @sometimes');
    assert.match(scheduleError('TZ=UTC * * * * *'), /timeZone field/);
    assert.match(scheduleError('* * * * $'), /failed to parse/);
  });
});
