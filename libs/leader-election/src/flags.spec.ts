import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '@tskube/component-base';
import { leaderElectionConfigFrom, leaderElectionFlags, leaderElectionIdentity, parseGoDuration } from './flags';

void describe('leaderElectionFlags', () => {
  it('defaults as upstream', () => {
    const cfg = leaderElectionConfigFrom(parseFlags('x', leaderElectionFlags('kube-scheduler'), []));
    assert.deepEqual(cfg, { leaderElect: true, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, resourceName: 'kube-scheduler', resourceNamespace: 'kube-system' });
  });

  it('parses overrides and --leader-elect=false', () => {
    const cfg = leaderElectionConfigFrom(parseFlags('x', leaderElectionFlags('kcm'), ['--leader-elect=false', '--leader-elect-lease-duration=1m', '--leader-elect-resource-namespace=ns']));
    assert.equal(cfg.leaderElect, false);
    assert.equal(cfg.leaseDurationMs, 60_000);
    assert.equal(cfg.resourceNamespace, 'ns');
  });

  it('rejects a renew deadline not below the lease duration', () => {
    assert.throws(() => leaderElectionConfigFrom(parseFlags('x', leaderElectionFlags('k'), ['--leader-elect-renew-deadline=20s'])), /leaseDuration must be greater than renewDeadline/);
  });

  it('parseGoDuration handles compound values and rejects garbage', () => {
    assert.equal(parseGoDuration('1m30s'), 90_000);
    assert.equal(parseGoDuration('500ms'), 500);
    assert.throws(() => parseGoDuration('15'), /invalid duration/);
  });

  it('leaderElectionIdentity is hostname_uuid', () => {
    assert.match(leaderElectionIdentity(), /^.+_[0-9a-f-]{36}$/);
  });
});
