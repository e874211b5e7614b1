import type { Endpoints, KubeObject, Service } from '@tskube/api-types';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Logger } from '@tskube/component-base';
import type { Iptables } from './iptables/iptables';
import { isBuiltinChain, parseIptablesSave } from './iptables/save-parser';
import type { Clock } from './bounded-frequency-runner';
import { BoundedFrequencyRunner, realClock } from './bounded-frequency-runner';
import type { ProxierMetrics } from './metrics';
import type { Conntrack, UdpPortState } from './conntrack';
import { staleUdpFilters } from './conntrack';
import { EndpointsTracker } from './endpoints-tracker';
import { generateCleanup } from './rules/cleanup';
import { servicePortsFromService } from './rules/from-api';
import type { SkippedServicePort } from './rules/from-api';
import type { ChainsByPort, ExistingRules, PlannedRules, RulesConfig, SyncMode } from './rules/generate';
import { planRules } from './rules/generate';
import { LARGE_CLUSTER_ENDPOINTS, renderServicePort } from './rules/service-rules';
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
  /** Clears stale UDP flows after a sync; none = not cleared. */
  conntrack?: Conntrack;
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

/** Rules kept from iptables-save: those of the nat and filter built-in chains. */
const keepRules = (table: string, chain: string): boolean => (table === 'nat' || table === 'filter') && isBuiltinChain(table, chain);

/**
 * Reads both tables kube-proxy manages with one `iptables-save` (every table: one process
 * instead of one per table; the others are skipped unparsed but for their chain lines): every
 * chain name, and the rules of the built-in chains only (the jumps into kube-proxy's chains;
 * nothing else is needed from the rules). A table iptables-save does not show is empty.
 */
export async function readExisting(ipt: Iptables): Promise<ExistingRules> {
  const dump = parseIptablesSave(await ipt.save(), { keepRules });
  return { nat: dump.get('nat'), filter: dump.get('filter') };
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
 * The iptables proxier: folds Service, EndpointSlice and Endpoints events into the desired state
 * and, through a BoundedFrequencyRunner, writes it with one iptables-restore per sync. The first
 * sync, every sync at least --iptables-sync-period after the last full one, and the sync after
 * a failure are full (read iptables-save, rewrite everything, delete every stale chain: a
 * restarted proxy reconciles what it finds); the others are partial (only the chains of
 * services changed since the last successful sync). A failed restore leaves the previous rules
 * in place and is retried with backoff. Nothing is written before the informers have synced.
 *
 * Until the informers have synced (the initial lists), each event also renders the rules of
 * the service it touches into the per-port cache (the first sync is not allowed to run yet),
 * so the first sync mostly concatenates cached blocks. A sync starts iptables-restore first
 * and produces its input (iptables-save for a full sync, then the plan) while the command
 * starts, then streams the text into it.
 */
export class Proxier {
  private readonly services = new Map<string, ServicePortInfo[]>();
  private readonly skipped = new Map<string, SkippedServicePort[]>();
  private readonly endpoints = new EndpointsTracker();
  private servicesSynced = false;
  private endpointsSynced = false;
  private pendingSince: number | undefined;
  private lastSynced: number | undefined;
  /** Services (`ns/name`) whose rules changed since the last successful sync. */
  private changedServices = new Set<string>();
  /** Per-service chains the last successful sync left; undefined = unknown (next sync is full). */
  private knownChains: ChainsByPort | undefined;
  private lastFullSync = -Infinity;
  private udpState = new Map<string, UdpPortState>();
  /** Before the informers synced: ready endpoints per service, and their total (the large-cluster guess). */
  private readonly endpointCounts = new Map<string, number>();
  private totalEndpoints = 0;
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
    onAdd: (ep) => this.endpointsChanged([this.endpoints.setEndpoints(keyOf(ep), ep)]),
    onUpdate: (_old, ep) => this.endpointsChanged([this.endpoints.setEndpoints(keyOf(ep), ep)]),
    onDelete: (obj) => this.endpointsChanged([this.endpoints.setEndpoints(keyOf(obj), undefined)]),
  };

  /** EndpointSlices (discovery.k8s.io/v1); a Service with slices ignores its Endpoints object. */
  readonly endpointSliceHandler: ObjectHandler<EndpointSlice> = {
    onAdd: (sl) => this.endpointsChanged(this.endpoints.setSlice(keyOf(sl), sl)),
    onUpdate: (_old, sl) => this.endpointsChanged(this.endpoints.setSlice(keyOf(sl), sl)),
    onDelete: (obj) => this.endpointsChanged(this.endpoints.setSlice(keyOf(obj), undefined)),
  };

  setServicesSynced(): void {
    this.servicesSynced = true;
    this.changed();
  }

  setEndpointsSynced(): void {
    this.endpointsSynced = true;
    this.changed();
  }

  /**
   * Healthy unless changes have waited for a successful sync longer than twice the sync period
   * (upstream's proxier health timeout); healthy while starting up.
   */
  isHealthy(): boolean {
    return this.pendingSince === undefined || this.clock.now() - this.pendingSince <= 2 * this.opts.syncPeriodMs;
  }

  /** Clock time of the last successful sync; undefined before the first. */
  lastUpdated(): number | undefined {
    return this.lastSynced;
  }

  /** isHealthy as a health check: throws with how long the rules have waited. */
  checkHealthy(): void {
    if (!this.isHealthy()) throw new Error(`proxy rules not synced for ${Math.round((this.clock.now() - (this.pendingSince ?? 0)) / 1000)}s`);
  }

  /** The desired state as of now. */
  state(): ProxyState {
    const eps = new Map<string, readonly EndpointInfo[]>();
    for (const key of this.services.keys()) for (const [k, v] of this.endpoints.forService(key)) eps.set(k, v);
    return { servicePorts: [...this.services.values()].flat(), endpoints: eps };
  }

  /** True when the next sync will be a full one. */
  nextSyncIsFull(): boolean {
    return this.knownChains === undefined || this.clock.now() - this.lastFullSync >= this.opts.syncPeriodMs;
  }

  /** Forces the next sync to be full (tests, benchmarks). */
  requestFullSync(): void {
    this.knownChains = undefined;
  }

  /** One sync (full or partial, see the class comment). Throws on failure. */
  async syncProxyRules(): Promise<void> {
    if (!this.servicesSynced || !this.endpointsSynced) {
      this.opts.logger.debug('not syncing iptables until Services and Endpoints have been received from the apiserver');
      return;
    }
    const { metrics, logger, iptables } = this.opts;
    const started = this.clock.now();
    const startedPending = this.pendingSince;
    const full = this.nextSyncIsFull();
    const changed = this.changedServices;
    this.changedServices = new Set();
    let plan: PlannedRules | undefined;
    const input = async (): Promise<readonly string[]> => {
      const mode: SyncMode = full ? { full: true, existing: await readExisting(iptables) } : { full: false, changedServices: changed, knownChains: this.knownChains ?? new Map() };
      plan = planRules(this.state(), mode, this.opts.rules);
      return plan.pieces;
    };
    try {
      await iptables.restore(input, { noFlush: true, counters: true });
    } catch (err) {
      metrics.restoreFailures.inc();
      for (const k of changed) this.changedServices.add(k);
      this.knownChains = undefined; // the kernel may hold anything now: reconcile with a full sync
      throw err;
    }
    if (!plan) throw new Error('iptables restore finished without reading its input');
    const gen = plan;
    this.knownChains = gen.activeChains;
    if (full) this.lastFullSync = started;
    if (this.pendingSince === startedPending) this.pendingSince = undefined;
    const seconds = (this.clock.now() - started) / 1000;
    metrics.syncDuration.observe(seconds);
    (full ? metrics.fullSyncDuration : metrics.partialSyncDuration).observe(seconds);
    this.lastSynced = this.clock.now();
    metrics.lastSyncTimestamp.set(this.lastSynced / 1000);
    metrics.rulesTotal.set({ table: 'nat' }, gen.ruleCounts.nat);
    metrics.rulesTotal.set({ table: 'filter' }, gen.ruleCounts.filter);
    metrics.skippedServicePorts.set([...this.skipped.values()].reduce((n, s) => n + s.length, 0));
    if (gen.staleChains.length) logger.debug('deleted stale chains', { chains: gen.staleChains });
    logger.debug('synced proxy rules', { full, ms: this.clock.now() - started, writtenChains: gen.writtenChains, natRules: gen.ruleCounts.nat, filterRules: gen.ruleCounts.filter });
    await this.clearStaleUdp();
  }

  /** After a successful sync: clears UDP conntrack entries the new rules made stale. */
  private async clearStaleUdp(): Promise<void> {
    const next = new Map<string, UdpPortState>();
    for (const [key, ports] of this.services) {
      const eps = this.endpoints.forService(key);
      for (const sp of ports) if (sp.protocol === 'UDP') next.set(sp.name, { sp, eps: eps.get(sp.name) ?? [] });
    }
    const filters = staleUdpFilters(this.udpState, next);
    this.udpState = next;
    if (!this.opts.conntrack) return;
    for (const f of filters) await this.opts.conntrack.deleteFlows(f);
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
    this.changedServices.add(key);
    this.prepare(key);
    this.changed();
  }

  private endpointsChanged(serviceKeys: string[]): void {
    for (const k of serviceKeys) {
      this.changedServices.add(k);
      this.prepare(k);
    }
    this.changed();
  }

  /**
   * Before the informers have synced (the first sync may not run yet): renders the service's
   * ports that have endpoints into the rule cache (a port without any is one cheap REJECT,
   * rendered by the sync; a Service listed before its Endpoints is so rendered once), in the
   * large-cluster mode the endpoints counted so far imply. When that mode flips (the total
   * passes 1,000), every port rendered so far is rendered again at once, so the sync finds
   * them in the right mode: at most 1,000 endpoints' rules are rendered twice. Afterwards a
   * no-op: syncs render what changed.
   */
  private prepare(key: string): void {
    if (this.servicesSynced && this.endpointsSynced) return;
    const ports = this.services.get(key) ?? [];
    const eps = this.endpoints.forService(key);
    let count = 0;
    for (const sp of ports) count += eps.get(sp.name)?.length ?? 0;
    const wasLarge = this.totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
    this.totalEndpoints += count - (this.endpointCounts.get(key) ?? 0);
    if (count > 0) this.endpointCounts.set(key, count);
    else this.endpointCounts.delete(key);
    const large = this.totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
    for (const k of large === wasLarge ? [key] : this.endpointCounts.keys()) {
      const byPort = k === key ? eps : this.endpoints.forService(k);
      for (const sp of this.services.get(k) ?? []) {
        const portEps = byPort.get(sp.name);
        if (portEps?.length) renderServicePort(sp, portEps, this.opts.rules, large);
      }
    }
  }

  private changed(): void {
    this.pendingSince ??= this.clock.now();
    this.runner.run();
  }
}
