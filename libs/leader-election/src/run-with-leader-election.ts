import type { Logger } from '@tskube/component-base';
import type { Clock } from '@tskube/workqueue';
import type { LeaderElectionConfig } from './flags';
import { leaderElectionIdentity } from './flags';
import { LeaderElector } from './leader-elector';
import type { LeaseClient } from './lease-client';

/** Upstream's fatal message when a leader loses its lease. */
export const LEADERSHIP_LOST = 'leaderelection lost';

/**
 * Runs `loops` only while this process holds the component's Lease (upstream `leaderelection.
 * RunOrDie` as kube-scheduler / kube-controller-manager use it). Without `--leader-elect` it just
 * runs `loops(signal)`. When `signal` aborts (SIGTERM) the loops stop and the lease is released,
 * so a standby takes over at once. When the lease is LOST the loops' signal aborts, we wait for
 * them to stop, and then reject with `leaderelection lost`: runMain logs it and exits 1, as
 * upstream's `klog.Fatalf`, leaving a restart to the supervisor — a process never becomes
 * leader twice, so no in-memory state (assumed pods, expectations) survives a lost term.
 */
export async function runWithLeaderElection(o: {
  config: LeaderElectionConfig;
  client: LeaseClient;
  logger: Logger;
  signal: AbortSignal;
  loops: (leaderSignal: AbortSignal) => Promise<void>;
  identity?: string;
  clock?: Clock;
}): Promise<void> {
  const { config, logger, signal } = o;
  if (!config.leaderElect) return o.loops(signal);
  const identity = o.identity ?? leaderElectionIdentity();
  let loops: Promise<void> | undefined;
  let loopError: Error | undefined;
  let loopsEnded = false;
  // Aborted by the caller's signal, or when the loops end on their own while we lead.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const elector = new LeaderElector({
    client: o.client,
    namespace: config.resourceNamespace,
    name: config.resourceName,
    identity,
    leaseDurationMs: config.leaseDurationMs,
    renewDeadlineMs: config.renewDeadlineMs,
    retryPeriodMs: config.retryPeriodMs,
    releaseOnCancel: true,
    clock: o.clock,
    logger,
    onStartedLeading: (leaderSignal) => {
      logger.info('started leading', { identity });
      loops = o.loops(leaderSignal).then(
        () => undefined,
        (err: unknown) => {
          loopError = err instanceof Error ? err : new Error(JSON.stringify(err));
        },
      ).finally(() => {
        if (!leaderSignal.aborted) loopsEnded = true; // ended on their own, not by losing the lease
        stop.abort();
      });
    },
    onNewLeader: (holder) => {
      if (holder !== identity) logger.info('new leader elected', { holder });
    },
  });
  logger.info('attempting to acquire leader lease', { lease: `${config.resourceNamespace}/${config.resourceName}`, identity });
  try {
    await elector.run(stop.signal);
    await loops;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (loopError) throw loopError;
  if (!signal.aborted && !loopsEnded) throw new Error(LEADERSHIP_LOST);
}
