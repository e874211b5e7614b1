import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inZone, parseSchedule, zoneOffsetMs } from './cron';

const at = (iso: string): number => Date.parse(iso);
const next = (spec: string, from: string): string => new Date(parseSchedule(spec).next(at(from))!).toISOString();

describe('cron schedule', () => {
  it('steps, ranges and lists', () => {
    assert.equal(next('*/15 * * * *', '2024-01-01T10:07:30Z'), '2024-01-01T10:15:00.000Z');
    assert.equal(next('* * * * *', '2024-01-01T10:07:00Z'), '2024-01-01T10:08:00.000Z');
    assert.equal(next('0 9-17/4 * * *', '2024-01-01T14:00:00Z'), '2024-01-01T17:00:00.000Z');
    assert.equal(next('5,10 0 * * *', '2024-01-01T00:05:00Z'), '2024-01-01T00:10:00.000Z');
  });
  it('names, day-of-week and the day OR rule', () => {
    assert.equal(next('0 9 * * MON-FRI', '2024-01-06T00:00:00Z'), '2024-01-08T09:00:00.000Z'); // Sat -> Mon
    assert.equal(next('0 0 1 JAN *', '2024-03-01T00:00:00Z'), '2025-01-01T00:00:00.000Z');
    assert.equal(next('0 0 13 * 5', '2024-01-01T00:00:00Z'), '2024-01-05T00:00:00.000Z'); // Friday or the 13th
    assert.equal(next('0 0 * * 7', '2024-01-01T00:00:00Z'), '2024-01-07T00:00:00.000Z'); // 7 = Sunday
  });
  it('descriptors and @every', () => {
    assert.equal(next('@hourly', '2024-01-01T10:07:00Z'), '2024-01-01T11:00:00.000Z');
    assert.equal(next('@every 1m30s', '2024-01-01T10:00:00Z'), '2024-01-01T10:01:30.000Z');
  });
  it('rejects bad schedules with upstream-like messages', () => {
    assert.throws(() => parseSchedule('* * *'), /expected exactly 5 fields, found 3/);
    assert.throws(() => parseSchedule('61 * * * *'), /above maximum/);
    assert.throws(() => parseSchedule('@sometimes'), /unrecognized descriptor/);
    assert.throws(() => parseSchedule('x * * * *'), /failed to parse int from x/);
  });
  it('no activation within five years', () => {
    assert.equal(parseSchedule('0 0 30 2 *').next(at('2024-01-01T00:00:00Z')), undefined);
  });
});

describe('cron schedule in a time zone', () => {
  it('evaluates the fields as wall-clock time in the zone (DST offsets included)', () => {
    const ny = inZone(parseSchedule('0 9 * * *'), 'America/New_York');
    assert.equal(new Date(ny.next(at('2024-01-15T00:00:00Z'))!).toISOString(), '2024-01-15T14:00:00.000Z'); // EST, UTC-5
    assert.equal(new Date(ny.next(at('2024-07-15T00:00:00Z'))!).toISOString(), '2024-07-15T13:00:00.000Z'); // EDT, UTC-4
    assert.equal(zoneOffsetMs('Asia/Kolkata', at('2024-01-01T00:00:00Z')), 5.5 * 3_600_000);
  });
  it('rejects unknown zones', () => {
    assert.throws(() => inZone(parseSchedule('* * * * *'), 'Mars/Base'), /unknown time zone Mars\/Base/);
  });
});
