import type { Endpoints, KubeObject, Service } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { Iptables } from './iptables/iptables';
import { parseIptablesSave } from './iptables/save-parser';
import type { Clock } from './bounded-frequency-runner';
import { BoundedFrequencyRunner, realClock } from './bounded-frequency-runner';
import type { ProxierMetrics } from './metrics';
import { generateCleanup } from './rules/cleanup';
import { endpointsByPortName, servicePortsFromService } from './rules/from-api';
import type { SkippedServicePort } from './rules/from-api';
import type { ExistingRules, RulesConfig } from './rules/generate';
import { generateRules } from './rules/generate';
import type { EndpointInfo, ProxyState, ServicePortInfo } from './rules/types';

export interface ProxierOptions {
  iptables: Iptables;
  rules: RulesConfig;
  /** `--iptables-min-sync-period`. */
  minSyncPeriodMs: number;
  /** `--iptables-sync-period`. */
  syncPeriodMs: number;
  logger: Logger;
  metrics: ProxierMetrics;
  clock?: Clock;
}

/** The informer event handler shape (ResourceEventHandler of @tskube/client-cache). */
export interface ObjectHandler<T> {
  onAdd(obj: Readonly<T>, isInInitialList?: boolean): void;
  onUpdate(oldObj: Readonly<T>, newObj: Readonly<T>): void;
  onDelete(obj: Readonly<T> | { key: string; obj: T }): void;
}

function keyOf(obj: Readonly<KubeObject> | { key: string }): string {
  if ('key' in obj && typeof obj.key === 'string') return obj.key;
  const meta = (obj as KubeObject).metadata;
  return `${meta?.namespace ?? ''}/${meta?.name ?? ''}`;
}

/** Reads both tables kube-proxy manages. */
export async function readExisting(ipt: Iptables): Promise<ExistingRules> {
  const [nat, filter] = await Promise.all([ipt.save('nat'), ipt.save('filter')]);
  return { nat: parseIptablesSave(nat).get('nat'), filter: parseIptablesSave(filter).get('filter') };
}

/** `--cleanup`: removes every KUBE- chain and jump kube-proxy creates. Resolves true if anything was removed. */
export async function cleanupLeftovers(ipt: Iptables, logger: Logger): Promise<boolean> {
  const buf = generateCleanup(await readExisting(ipt));
  if (buf === '') {
    logger.info('no kube-proxy iptables rules to clean up');
    return false;
  }
  await ipt.restore(buf, { noFlush: true, counters: false });
  logger.info('removed kube-proxy iptables chains and jumps');
  return true;
}

/**
 * The iptables proxier: folds Service and Endpoints events into the desired state and, through
 * a BoundedFrequencyRunner, writes the whole state with one iptables-restore per sync. A failed
 * restore leaves the previous rules in place and is retried with backoff. Nothing is written
 * before both informers have synced (an empty first sync would drop live rules).
 */
export class Proxier {
  private readonly services = new Map<string, ServicePortInfo[]>();
  private readonly skipped = new Map<string, SkippedServicePort[]>();
  private readonly endpoints = new Map<string, Map<string, EndpointInfo[]>>();
  private servicesSynced = false;
  private endpointsSynced = false;
  private pendingSince: number | undefined;
  private readonly runner: BoundedFrequencyRunner;
  private readonly clock: Clock;

  constructor(private readonly opts: ProxierOptions) {
    this.clock = opts.clock ?? realClock;
    this.runner = new BoundedFrequencyRunner(() => this.syncProxyRules(), {
      minIntervalMs: opts.minSyncPeriodMs,
      maxIntervalMs: opts.syncPeriodMs,
      clock: this.clock,
      onError: (err, retryInMs) => opts.logger.error('sync proxy rules failed; previous rules stay in place', { err: err instanceof Error ? err.message : String(err), retryInMs }),
    });
  }

  /** Starts periodic syncing; stops on abort. */
  start(signal: AbortSignal): void {
    this.runner.start(signal);
  }

  /** Resolves when no sync is running. */
  whenIdle(): Promise<void> {
    return this.runner.whenIdle();
  }

  readonly serviceHandler: ObjectHandler<Service> = {
    onAdd: (svc) => this.setService(keyOf(svc), svc),
    onUpdate: (_old, svc) => this.setService(keyOf(svc), svc),
    onDelete: (obj) => this.setService(keyOf(obj), undefined),
  };

  readonly endpointsHandler: ObjectHandler<Endpoints> = {
    onAdd: (ep) => this.setEndpoints(keyOf(ep), ep),
    onUpdate: (_old, ep) => this.setEndpoints(keyOf(ep), ep),
    onDelete: (obj) => this.setEndpoints(keyOf(obj), undefined),
  };

  setServicesSynced(): void {
    this.servicesSynced = true;
    this.changed();
  }

  setEndpointsSynced(): void {
    this.endpointsSynced = true;
    this.changed();
  }

  /** Healthy unless changes have waited for a successful sync longer than twice the sync period. */
  checkHealthy(): void {
    if (this.pendingSince !== undefined && this.clock.now() - this.pendingSince > 2 * this.opts.syncPeriodMs) {
      throw new Error(`proxy rules not synced for ${Math.round((this.clock.now() - this.pendingSince) / 1000)}s`);
    }
  }

  /** The desired state as of now. */
  state(): ProxyState {
    const eps = new Map<string, EndpointInfo[]>();
    for (const m of this.endpoints.values()) for (const [k, v] of m) eps.set(k, v);
    return { servicePorts: [...this.services.values()].flat(), endpoints: eps };
  }

  /** One full sync: read current tables, write one restore buffer. Throws on failure. */
  async syncProxyRules(): Promise<void> {
    if (!this.servicesSynced || !this.endpointsSynced) {
      this.opts.logger.debug('not syncing iptables until Services and Endpoints have been received from the apiserver');
      return;
    }
    const { metrics, logger, iptables } = this.opts;
    const started = this.clock.now();
    const startedPending = this.pendingSince;
    const existing = await readExisting(iptables);
    const gen = generateRules(this.state(), existing, this.opts.rules);
    try {
      await iptables.restore(gen.text, { noFlush: true, counters: true });
    } catch (err) {
      metrics.restoreFailures.inc();
      throw err;
    }
    if (this.pendingSince === startedPending) this.pendingSince = undefined;
    metrics.syncDuration.observe((this.clock.now() - started) / 1000);
    metrics.lastSyncTimestamp.set(this.clock.now() / 1000);
    metrics.rulesTotal.set({ table: 'nat' }, gen.ruleCounts.nat);
    metrics.rulesTotal.set({ table: 'filter' }, gen.ruleCounts.filter);
    metrics.skippedServicePorts.set([...this.skipped.values()].reduce((n, s) => n + s.length, 0));
    if (gen.staleChains.length) logger.debug('deleted stale chains', { chains: gen.staleChains });
    logger.debug('synced proxy rules', { ms: this.clock.now() - started, natRules: gen.ruleCounts.nat, filterRules: gen.ruleCounts.filter });
  }

  private setService(key: string, svc: Readonly<Service> | undefined): void {
    if (!svc) {
      this.services.delete(key);
      this.skipped.delete(key);
    } else {
      const { ports, skipped } = servicePortsFromService(svc);
      this.services.set(key, ports);
      if (skipped.length) this.skipped.set(key, skipped);
      else this.skipped.delete(key);
      for (const s of skipped) this.opts.logger.warn('skipping service port kube-proxy cannot program', { service: s.service, reason: s.reason });
    }
    this.changed();
  }

  private setEndpoints(key: string, ep: Readonly<Endpoints> | undefined): void {
    if (ep) this.endpoints.set(key, endpointsByPortName(ep));
    else this.endpoints.delete(key);
    this.changed();
  }

  private changed(): void {
    this.pendingSince ??= this.clock.now();
    this.runner.run();
  }
}
