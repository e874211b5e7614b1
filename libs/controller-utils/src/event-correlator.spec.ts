import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '@tskube/api-types';
import { COMBINED_PREFIX, EventCorrelator, eventName } from './event-correlator';

/** A clock the test moves by hand. */
class Clock {
  t = Date.UTC(2026, 0, 1);
  now(): number {
    return this.t;
  }
}

let n = 0;
const ev = (o: { name?: string; reason?: string; message?: string; type?: string } = {}): Event => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `${o.name ?? 'p'}.${(n++).toString(16)}`, namespace: 'default' },
  involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: o.name ?? 'p', uid: `uid-${o.name ?? 'p'}` },
  reason: o.reason ?? 'FailedScheduling',
  message: o.message ?? '0/1 nodes are available',
  type: o.type ?? 'Warning',
  source: { component: 'default-scheduler' },
  reportingComponent: 'default-scheduler',
  reportingInstance: 'default-scheduler',
  firstTimestamp: '2026-01-01T00:00:00.000Z',
  lastTimestamp: '2026-01-01T00:00:00.000Z',
  count: 1,
});

void describe('eventName', () => {
  it('is <object>.<hex nanoseconds> as upstream, unique within a millisecond by seq', () => {
    assert.equal(eventName('web', 1, 0), 'web.f4240');
    assert.equal(eventName('web', 1, 1), 'web.f4241');
  });
});

void describe('EventCorrelator', () => {
  it('creates the first event and patches count/lastTimestamp/message of an identical repeat under the first name', () => {
    const clock = new Clock();
    const c = new EventCorrelator(clock);
    const first = c.correlate(ev());
    assert.equal(first.skip, false);
    assert.equal(first.patch, undefined);
    c.updateState({ ...first.event, metadata: { ...first.event.metadata, resourceVersion: '7' } });
    const again = ev();
    again.lastTimestamp = '2026-01-01T00:00:05.000Z';
    const second = c.correlate(again);
    assert.deepEqual(second.patch, { count: 2, lastTimestamp: '2026-01-01T00:00:05.000Z', message: '0/1 nodes are available' });
    assert.equal(second.event.metadata?.name, first.event.metadata?.name);
    assert.equal(second.event.metadata?.resourceVersion, '7');
    assert.equal(second.event.firstTimestamp, '2026-01-01T00:00:00.000Z');
    assert.equal(c.correlate(ev()).patch?.count, 3);
  });

  it('keeps the higher count when a stale write answer arrives after a newer repeat was correlated', () => {
    const c = new EventCorrelator(new Clock());
    const first = c.correlate(ev());
    assert.equal(c.correlate(ev()).patch?.count, 2);
    c.updateState(first.event); // the create (count 1) answers late
    assert.equal(c.correlate(ev()).patch?.count, 3);
  });

  it('does not dedup events that differ in message, reason or object', () => {
    const c = new EventCorrelator(new Clock());
    c.correlate(ev());
    assert.equal(c.correlate(ev({ message: 'other' })).patch, undefined);
    assert.equal(c.correlate(ev({ reason: 'Scheduled', type: 'Normal' })).patch, undefined);
    assert.equal(c.correlate(ev({ name: 'q' })).patch, undefined);
  });

  it('combines the 10th distinct message for one object+reason within 10 minutes, then patches the combined event', () => {
    const clock = new Clock();
    const c = new EventCorrelator(clock);
    for (let i = 0; i < 9; i++) assert.equal(c.correlate(ev({ message: `m${i}` })).event.message, `m${i}`);
    const tenth = c.correlate(ev({ message: 'm9' }));
    assert.equal(tenth.event.message, `${COMBINED_PREFIX}m9`);
    assert.equal(tenth.patch, undefined);
    assert.equal(tenth.event.count, 1);
    assert.match(tenth.event.metadata?.name ?? '', /^p\.[0-9a-f]+$/);
    const eleventh = c.correlate(ev({ message: 'm10' }));
    assert.equal(eleventh.event.metadata?.name, tenth.event.metadata?.name);
    assert.deepEqual(eleventh.patch, { count: 2, lastTimestamp: tenth.event.lastTimestamp, message: `${COMBINED_PREFIX}m10` });
  });

  it('starts aggregation over once the object+reason was quiet for longer than the interval', () => {
    const clock = new Clock();
    const c = new EventCorrelator(clock);
    for (let i = 0; i < 9; i++) c.correlate(ev({ message: `m${i}` }));
    clock.t += 600_001;
    assert.equal(c.correlate(ev({ message: 'm9' })).event.message, 'm9');
  });

  it('skips events beyond a burst of 25 per source+object and lets one through per 5 minutes', () => {
    const clock = new Clock();
    const c = new EventCorrelator(clock);
    const results = Array.from({ length: 26 }, (_, i) => c.correlate(ev({ reason: `R${i}` })).skip);
    assert.deepEqual(results, [...Array<boolean>(25).fill(false), true]);
    assert.equal(c.correlate(ev({ name: 'other' })).skip, false, 'another object has its own bucket');
    clock.t += 299_999;
    assert.equal(c.correlate(ev({ reason: 'X' })).skip, true);
    clock.t += 1;
    assert.equal(c.correlate(ev({ reason: 'Y' })).skip, false);
    assert.equal(c.correlate(ev({ reason: 'Z' })).skip, true);
  });
});
