import type { Lease } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { clockSleep, realClock } from '@tskube/workqueue';
import type { Clock } from '@tskube/workqueue';
import { microTime } from './lease-client';
import type { LeaseClient } from './lease-client';

export interface LeaderElectorOptions {
  client: LeaseClient;
  namespace: string;
  name: string;
  /** This candidate's unique id (upstream: `<hostname>_<uuid>`). */
  identity: string;
  /** How long non-leaders wait after the last observed change before taking over (15 s). */
  leaseDurationMs: number;
  /** How long the leader keeps retrying a failed renewal before giving up (10 s). */
  renewDeadlineMs: number;
  /** Wait between attempts to acquire or renew (2 s). */
  retryPeriodMs: number;
  /** Clear holderIdentity when `run`'s signal aborts while leading, so a standby takes over at once. */
  releaseOnCancel?: boolean;
  onStartedLeading(leaderSignal: AbortSignal): void;
  onStoppedLeading?(): void;
  onNewLeader?(identity: string): void;
  clock?: Clock;
  logger?: Logger;
  /** Jitter source for the acquire retry (upstream JitterFactor 1.2); tests pass () => 0. */
  random?: () => number;
}

/**
 * client-go `LeaderElector` over one Lease. `run` first retries `tryAcquireOrRenew` every
 * retryPeriod (jittered) until it holds the lease, calls `onStartedLeading` with a signal that
 * aborts when leadership ends, then renews every retryPeriod; when renewals fail for
 * renewDeadline (API errors, or another holder took the lease) leadership is lost. A lease held
 * by someone else counts as expired only when its record has not changed for leaseDuration of
 * *our* clock since we observed it (upstream `observedTime`, immune to clock skew).
 */
export class LeaderElector {
  private observedRecord = '';
  private observedHolder = '';
  private observedTime = 0;
  private readonly clock: Clock;

  constructor(private readonly o: LeaderElectorOptions) {
    this.clock = o.clock ?? realClock;
  }

  /** True while the last lease we observed names us as holder. */
  isLeader(): boolean {
    return this.observedHolder === this.o.identity;
  }

  /** Identity of the holder we last observed ('' when none). */
  getLeader(): string {
    return this.observedHolder;
  }

  /** Campaigns, leads, and resolves when leadership is lost or `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.acquire(signal))) return;
    const leader = new AbortController();
    this.o.logger?.info('successfully acquired lease', { lease: `${this.o.namespace}/${this.o.name}`, identity: this.o.identity });
    this.o.onStartedLeading(leader.signal);
    try {
      await this.renew(signal);
    } finally {
      leader.abort();
      if (signal.aborted && this.o.releaseOnCancel) await this.release();
      this.o.onStoppedLeading?.();
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      if (await this.tryAcquireOrRenew()) return true;
      const jitter = 1 + 1.2 * (this.o.random ?? Math.random)();
      await clockSleep(this.clock, this.o.retryPeriodMs * jitter, signal);
    }
  }

  private async renew(signal: AbortSignal): Promise<void> {
    let lastRenew = this.clock.now();
    for (;;) {
      await clockSleep(this.clock, this.o.retryPeriodMs, signal);
      if (signal.aborted) return;
      if (await this.tryAcquireOrRenew()) {
        lastRenew = this.clock.now();
      } else if (this.clock.now() - lastRenew >= this.o.renewDeadlineMs || (this.observedHolder && !this.isLeader())) {
        this.o.logger?.error('failed to renew lease: leadership lost', { lease: `${this.o.namespace}/${this.o.name}`, holder: this.observedHolder });
        return;
      }
    }
  }

  /**
   * One round (upstream `tryAcquireOrRenew`): create the lease if missing; otherwise take or
   * renew it when we hold it or it has expired, with a resourceVersion-guarded update. Returns
   * true when we hold the lease afterwards. API errors count as false (and are logged).
   */
  async tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name, identity } = this.o;
    const now = this.clock.now();
    const durationSec = Math.round(this.o.leaseDurationMs / 1000);
    try {
      const old = await client.get(namespace, name);
      if (!old) {
        const created = await client.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { namespace, name },
          spec: { holderIdentity: identity, leaseDurationSeconds: durationSec, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
        });
        this.observe(created, this.clock.now());
        return true;
      }
      this.observe(old, now);
      const spec = old.spec ?? {};
      const holder = spec.holderIdentity ?? '';
      if (holder && holder !== identity && this.observedTime + this.o.leaseDurationMs > now) return false;
      const mine = holder === identity;
      const next: Lease = {
        ...old,
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds: durationSec,
          acquireTime: mine ? spec.acquireTime : microTime(now),
          renewTime: microTime(now),
          leaseTransitions: mine ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
        },
      };
      this.observe(await client.update(next), this.clock.now());
      return true;
    } catch (err) {
      this.o.logger?.warn('error acquiring or renewing lease', { lease: `${namespace}/${name}`, err: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  /** Gives the lease up (holderIdentity '' and a 1 s duration) so a standby need not wait. */
  private async release(): Promise<void> {
    try {
      const old = await this.o.client.get(this.o.namespace, this.o.name);
      if (!old || old.spec?.holderIdentity !== this.o.identity) return;
      const now = microTime(this.clock.now());
      await this.o.client.update({ ...old, spec: { ...old.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now } });
      this.observedHolder = '';
    } catch (err) {
      this.o.logger?.warn('failed to release lease', { err: err instanceof Error ? err.message : String(err) });
    }
  }

  private observe(lease: Lease, now: number): void {
    const record = JSON.stringify(lease.spec ?? {});
    if (record === this.observedRecord) return;
    this.observedRecord = record;
    this.observedTime = now;
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== this.observedHolder) {
      this.observedHolder = holder;
      if (holder) this.o.onNewLeader?.(holder);
    }
  }
}
