import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@tskube/component-base';
import { FakeClock } from '@tskube/workqueue';
import type { LeaderElectionConfig } from './flags';
import { LEADERSHIP_LOST, runWithLeaderElection } from './run-with-leader-election';
import { FakeLeaseClient } from './testing/fake-lease-client';

const config: LeaderElectionConfig = { leaderElect: true, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, resourceName: 'kube-controller-manager', resourceNamespace: 'kube-system' };
const logger = createLogger('test', { level: 'error' });
const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};
const untilAborted = (s: AbortSignal): Promise<void> => new Promise((r) => (s.aborted ? r() : s.addEventListener('abort', () => r(), { once: true })));

void describe('runWithLeaderElection', () => {
  it('runs the loops directly without --leader-elect', async () => {
    let ran = false;
    await runWithLeaderElection({ config: { ...config, leaderElect: false }, client: new FakeLeaseClient(), logger, signal: new AbortController().signal, loops: () => Promise.resolve(void (ran = true)) });
    assert.equal(ran, true);
  });

  it('stops the loops and rejects with "leaderelection lost" when the lease is lost', async () => {
    const client = new FakeLeaseClient();
    const clock = new FakeClock(0);
    let loopsStopped = false;
    const done = runWithLeaderElection({ config, client, logger, clock, identity: 'a', signal: new AbortController().signal, loops: async (s) => { await untilAborted(s); loopsStopped = true; } });
    const outcome = done.then(() => 'resolved', (e: unknown) => (e instanceof Error ? e.message : String(e)));
    await flush();
    assert.equal(client.peek('kube-system', 'kube-controller-manager')?.spec?.holderIdentity, 'a');
    client.failing = true;
    for (let i = 0; i < 5; i++) {
      clock.step(2000);
      await flush();
    }
    assert.equal(await outcome, LEADERSHIP_LOST);
    assert.equal(loopsStopped, true);
  });

  it('resolves and releases the lease when the signal aborts', async () => {
    const client = new FakeLeaseClient();
    const ac = new AbortController();
    const done = runWithLeaderElection({ config, client, logger, clock: new FakeClock(0), identity: 'a', signal: ac.signal, loops: (s) => untilAborted(s) });
    await flush();
    ac.abort();
    await done;
    assert.equal(client.peek('kube-system', 'kube-controller-manager')?.spec?.holderIdentity, '');
  });
});
