import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, KubeObject } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { FakeClock } from '@tskube/workqueue';
import { EVENT_WRITE_RETRY, EventBroadcaster } from './event-broadcaster';
import { ClientEventRecorder } from './event-recorder';
import { FakeClient } from './testing/fake-client';

const logger = createLogger('test', { level: process.env['DBG'] ? 'debug' : 'error' });
const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'ns1', uid: 'u1' } };
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
};
/** A transport failure as Node reports it: a string `code`, no answer from the server. */
const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' });
/** An answer of the apiserver (ApiError shape): numeric code and reason. */
const answer = (code: number, reason: string): Error => Object.assign(new Error(reason), { code, reason });

/** A broadcaster on a FakeClient with fake retry timers (random fraction 0.5) and its recorder. */
function setup(o: { maxQueued?: number } = {}): { client: FakeClient; timers: FakeClock; b: EventBroadcaster; rec: ClientEventRecorder } {
  const client = new FakeClient();
  const timers = new FakeClock(Date.UTC(2026, 0, 1));
  const b = new EventBroadcaster({ client, logger, clock: timers, retryClock: timers, random: () => 0.5, ...o });
  const rec = new ClientEventRecorder({ client, component: 'c', logger, broadcaster: b, clock: timers });
  return { client, timers, b, rec };
}

/** Steps the fake timers 10 s at a time until no retry waits remain; returns the steps taken. */
async function drain(timers: FakeClock): Promise<number> {
  let steps = 0;
  for (await settle(); timers.pendingTimers() > 0; await settle()) {
    timers.step(EVENT_WRITE_RETRY.sleepMs);
    steps++;
  }
  return steps;
}

void describe('EventBroadcaster write retries (client-go recordToSink)', () => {
  it('retries an unanswered create after a random fraction of 10 s, then every 10 s, until it is written', async () => {
    const { client, timers, b, rec } = setup();
    let failures = 2;
    client.failOn = () => (failures-- > 0 ? refused() : undefined);
    rec.event(pod, 'Normal', 'Pulled', 'image present');
    await settle();
    assert.equal(client.actions.length, 1);
    timers.step(4_999);
    await settle();
    assert.equal(client.actions.length, 1, 'first retry waits 0.5 x 10 s');
    timers.step(1);
    await settle();
    assert.equal(client.actions.length, 2);
    timers.step(9_999);
    await settle();
    assert.equal(client.actions.length, 2, 'later retries wait the full 10 s');
    timers.step(1);
    await b.idle();
    assert.deepEqual(client.actions.map((a) => a.verb), ['create', 'create', 'create']);
    assert.equal(b.abandoned, 0);
    // the written Event is known to the correlator: an identical repeat patches it
    rec.event(pod, 'Normal', 'Pulled', 'image present');
    await b.idle();
    assert.equal(client.actions[3]?.verb, 'patch');
    assert.equal((client.actions[3]?.patch as { count: number }).count, 2);
  });

  it('retries a dedup PATCH as a PATCH', async () => {
    const { client, timers, b, rec } = setup();
    rec.event(pod, 'Warning', 'BackOff', 'restarting');
    await b.idle();
    let failures = 1;
    client.failOn = (a) => (a.verb === 'patch' && failures-- > 0 ? refused() : undefined);
    rec.event(pod, 'Warning', 'BackOff', 'restarting');
    await drain(timers);
    await b.idle();
    assert.deepEqual(client.actions.map((a) => a.verb), ['create', 'patch', 'patch']);
  });

  it('abandons an event after 12 attempts in all and keeps no timer', async () => {
    const { client, timers, b, rec } = setup();
    client.failOn = () => refused();
    rec.event(pod, 'Normal', 'X', 'm');
    const steps = await drain(timers);
    await b.idle();
    assert.equal(client.actions.length, EVENT_WRITE_RETRY.maxTries);
    assert.equal(steps, EVENT_WRITE_RETRY.maxTries - 1);
    assert.equal(b.abandoned, 1);
    assert.equal(timers.pendingTimers(), 0);
  });

  for (const [code, reason] of [[422, 'Invalid'], [409, 'AlreadyExists'], [403, 'Forbidden'], [503, 'ServiceUnavailable']] as const) {
    it(`never retries once the apiserver answered (${code} ${reason})`, async () => {
      const { client, timers, b, rec } = setup();
      client.failOn = () => answer(code, reason);
      rec.event(pod, 'Normal', 'X', 'm');
      await b.idle();
      assert.equal(client.actions.length, 1);
      assert.equal(timers.pendingTimers(), 0);
      assert.equal(b.abandoned, 0);
    });
  }

  it('with a dead apiserver holds one event retrying plus maxQueued waiting and drops the rest', async () => {
    const { client, timers, b, rec } = setup({ maxQueued: 5 });
    client.failOn = () => refused();
    for (let i = 0; i < 100; i++) rec.event({ ...pod, metadata: { ...pod.metadata, name: `p${i}` } }, 'Normal', 'X', 'm');
    assert.equal(b.dropped, 94);
    await drain(timers);
    await b.idle();
    assert.equal(client.actions.length, 6 * EVENT_WRITE_RETRY.maxTries, 'each kept event is tried 12 times, one at a time');
    assert.equal(b.abandoned, 6);
    const names = new Set(client.actions.map((a) => (a.object as Event | undefined)?.involvedObject.name));
    assert.deepEqual([...names], ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('shutDown ends a retry wait without another attempt and ignores later events', async () => {
    const { client, timers, b, rec } = setup();
    client.failOn = () => refused();
    rec.event(pod, 'Normal', 'X', 'm');
    rec.event(pod, 'Normal', 'Y', 'm');
    await settle();
    assert.equal(timers.pendingTimers(), 1);
    b.shutDown();
    await b.idle();
    rec.event(pod, 'Normal', 'Z', 'm');
    await settle();
    assert.equal(client.actions.length, 1);
    assert.equal(timers.pendingTimers(), 0);
  });
});
