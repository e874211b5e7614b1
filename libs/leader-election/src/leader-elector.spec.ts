import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@tskube/workqueue';
import { LeaderElector } from './leader-elector';
import type { LeaderElectorOptions } from './leader-elector';
import { FakeLeaseClient } from './testing/fake-lease-client';

const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

function elector(client: FakeLeaseClient, clock: FakeClock, identity: string, extra: Partial<LeaderElectorOptions> = {}): LeaderElector {
  return new LeaderElector({
    client,
    clock,
    identity,
    namespace: 'kube-system',
    name: 'kube-scheduler',
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    random: () => 0,
    onStartedLeading: () => undefined,
    ...extra,
  });
}

void describe('LeaderElector.tryAcquireOrRenew', () => {
  it('creates a missing lease with the upstream fields', async () => {
    const client = new FakeLeaseClient();
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    assert.equal(await elector(client, clock, 'a').tryAcquireOrRenew(), true);
    const l = client.peek('kube-system', 'kube-scheduler');
    assert.deepEqual(l?.spec, { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:00.000000Z', leaseTransitions: 0 });
  });

  it('renews its own lease keeping acquireTime and leaseTransitions', async () => {
    const client = new FakeLeaseClient();
    const clock = new FakeClock(0);
    const a = elector(client, clock, 'a');
    await a.tryAcquireOrRenew();
    clock.step(2000);
    assert.equal(await a.tryAcquireOrRenew(), true);
    const spec = client.peek('kube-system', 'kube-scheduler')?.spec;
    assert.equal(spec?.acquireTime, '1970-01-01T00:00:00.000000Z');
    assert.equal(spec?.renewTime, '1970-01-01T00:00:02.000000Z');
    assert.equal(spec?.leaseTransitions, 0);
  });

  it('does not take a lease that is still valid on its own clock, then takes it once expired', async () => {
    const client = new FakeLeaseClient();
    const clock = new FakeClock(0);
    await elector(client, clock, 'a').tryAcquireOrRenew();
    const b = elector(client, clock, 'b');
    assert.equal(await b.tryAcquireOrRenew(), false); // first observation starts b's timer
    assert.equal(b.getLeader(), 'a');
    clock.step(14_999);
    assert.equal(await b.tryAcquireOrRenew(), false);
    clock.step(1);
    assert.equal(await b.tryAcquireOrRenew(), true);
    const spec = client.peek('kube-system', 'kube-scheduler')?.spec;
    assert.equal(spec?.holderIdentity, 'b');
    assert.equal(spec?.leaseTransitions, 1);
    assert.equal(b.isLeader(), true);
  });

  it('loses a compare-and-swap race: only one of two candidates wins an expired lease', async () => {
    const client = new FakeLeaseClient();
    const clock = new FakeClock(0);
    await elector(client, clock, 'old').tryAcquireOrRenew();
    const b = elector(client, clock, 'b');
    const c = elector(client, clock, 'c');
    await b.tryAcquireOrRenew();
    await c.tryAcquireOrRenew();
    clock.step(15_000);
    const results = await Promise.all([b.tryAcquireOrRenew(), c.tryAcquireOrRenew()]);
    assert.deepEqual(results.filter(Boolean).length, 1);
  });

  it('reports false when the API fails', async () => {
    const client = new FakeLeaseClient();
    client.failing = true;
    assert.equal(await elector(client, new FakeClock(0), 'a').tryAcquireOrRenew(), false);
  });
});

void describe('LeaderElector.run', () => {
  it('leads until renewals fail for renewDeadline, then aborts the leader signal', async () => {
    const client = new FakeLeaseClient();
    const clock = new FakeClock(0);
    let leaderSignal: AbortSignal | undefined;
    let stopped = false;
    const a = elector(client, clock, 'a', { onStartedLeading: (s) => (leaderSignal = s), onStoppedLeading: () => (stopped = true) });
    const done = a.run(new AbortController().signal);
    await flush();
    assert.ok(leaderSignal && !leaderSignal.aborted);
    client.failing = true;
    for (let t = 0; t < 4; t++) {
      clock.step(2000);
      await flush();
    }
    assert.equal(leaderSignal.aborted, false); // 8 s without renewal: still within the deadline
    clock.step(2000);
    await flush();
    await done;
    assert.equal(leaderSignal.aborted, true);
    assert.equal(stopped, true);
  });

  it('a standby takes over after the leader stops renewing, and releases on cancel', async () => {
    const client = new FakeLeaseClient();
    const clock = new FakeClock(0);
    const acA = new AbortController();
    const started: string[] = [];
    const a = elector(client, clock, 'a', { onStartedLeading: () => started.push('a'), releaseOnCancel: true });
    const b = elector(client, clock, 'b', { onStartedLeading: () => started.push('b') });
    const runA = a.run(acA.signal);
    await flush();
    const acB = new AbortController();
    const runB = b.run(acB.signal);
    await flush();
    assert.deepEqual(started, ['a']);
    acA.abort(); // graceful stop: a releases the lease
    await runA;
    assert.equal(client.peek('kube-system', 'kube-scheduler')?.spec?.holderIdentity, '');
    clock.step(2000);
    await flush();
    assert.deepEqual(started, ['a', 'b']);
    acB.abort();
    await runB;
  });
});
