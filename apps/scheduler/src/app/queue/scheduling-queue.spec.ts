import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makePod } from '../testing/fixtures';
import { SchedulingQueue } from './scheduling-queue';

function setup(): { q: SchedulingQueue; clock: { t: number } } {
  const clock = { t: 1000 };
  return { q: new SchedulingQueue({ now: () => clock.t, initialBackoffMs: 1000, maxBackoffMs: 4000, maxUnschedulableMs: 60_000 }), clock };
}

void describe('SchedulingQueue', () => {
  void it('pop returns higher priority first, then FIFO', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    clock.t++;
    q.add(makePod('b', { priority: 10 }));
    clock.t++;
    q.add(makePod('c'));
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await q.pop())!.pod.metadata!.name);
    assert.deepEqual(order, ['b', 'a', 'c']);
  });

  void it('pop waits for an add and resolves undefined on abort', async () => {
    const { q } = setup();
    const p = q.pop();
    q.add(makePod('a'));
    assert.equal((await p)?.key, 'default/a');
    const ac = new AbortController();
    const p2 = q.pop(ac.signal);
    ac.abort();
    assert.equal(await p2, undefined);
  });

  void it('unschedulable pods wait for a cluster event, then back off', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    const qp = (await q.pop())!;
    const cycle = q.currentCycle();
    q.requeueFailed(qp, 'unschedulable', cycle);
    assert.deepEqual(q.lengths(), { active: 0, backoff: 0, unschedulable: 1 });
    q.moveAllToActiveOrBackoff();
    assert.deepEqual(q.lengths(), { active: 0, backoff: 1, unschedulable: 0 });
    clock.t += 999;
    q.flushBackoffCompleted();
    assert.equal(q.lengths().active, 0);
    clock.t += 1;
    q.flushBackoffCompleted();
    assert.equal(q.lengths().active, 1);
    assert.equal((await q.pop())?.attempts, 2);
  });

  void it('an event during the attempt sends the pod to backoff, not unschedulable', async () => {
    const { q } = setup();
    q.add(makePod('a'));
    const qp = (await q.pop())!;
    const cycle = q.currentCycle();
    q.moveAllToActiveOrBackoff();
    q.requeueFailed(qp, 'unschedulable', cycle);
    assert.deepEqual(q.lengths(), { active: 0, backoff: 1, unschedulable: 0 });
  });

  void it('flushUnschedulableLeftover retries parked pods after the max wait', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    q.requeueFailed((await q.pop())!, 'unschedulable', q.currentCycle());
    clock.t += 60_000;
    q.flushUnschedulableLeftover();
    assert.equal(q.lengths().active, 1);
  });

  void it('delete removes a queued pod and add ignores in-flight pods', async () => {
    const { q } = setup();
    q.add(makePod('a'));
    const qp = (await q.pop())!;
    q.add(makePod('a'));
    assert.equal(q.lengths().active, 0);
    q.done(qp.key);
    q.add(makePod('a'));
    q.delete(makePod('a'));
    assert.equal(q.lengths().active, 0);
  });
});
