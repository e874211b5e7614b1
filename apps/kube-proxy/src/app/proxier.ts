import type { Logger } from '@tskube/component-base';
import type { Iptables, RestoreInput } from './iptables/iptables';
import { isBuiltinChain, parseIptablesSave } from './iptables/save-parser';
import type { Clock } from './bounded-frequency-runner';
import { BoundedFrequencyRunner, realClock } from './bounded-frequency-runner';
import type { ProxierMetrics } from './metrics';
import type { Conntrack, UdpPortState } from './conntrack';
import { staleUdpFilters } from './conntrack';
import { ProxyStateTracker } from './proxy-state';
import { generateCleanup } from './rules/cleanup';
import type { ChainsByPort, ExistingRules, PlannedRules, RulesConfig } from './rules/generate';
import { FULL_SYNC_START, planFullSync, planRules } from './rules/generate';
import type { TopChainRules } from './rules/top-chains';
import type { ProxyState } from './rules/types';

export type { ObjectHandler } from './proxy-state';

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

/** What the last successful restore left in the kernel: the next partial sync's starting point. */
interface KnownRules {
  /** Per-service chains, by service port. */
  chains: ChainsByPort;
  /** The rules of the top-level chains. */
  top: TopChainRules;
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

/** What fullSyncInput reports back to the proxier. */
interface FullSyncHooks {
  /** Runs after planning, before the rules are written (see fullSyncInput). */
  meanwhile(): void;
  /** Gets the whole plan once iptables-save has been read, before the last chunk is written. */
  planned(plan: PlannedRules): void;
}

/**
 * A full sync's restore input as a stream (see FullSyncPlan). `*nat` and the top-level chains
 * go at once (the command reads the nat table while the rest is planned); iptables-save is
 * started next, so it runs while the rules are planned; then the chain declarations and the
 * rules are written (they need nothing from the save), then the save is awaited and the rest
 * (stale chains, missing jumps, the COMMITs, the filter section) follows. All synchronous work
 * comes before the rules are written: the pipe holds 64 KiB, and while this thread is busy
 * libuv cannot refill it, so work done after the big write would stall the command instead of
 * overlapping it. If the save or planning throws, the command is killed before anything is
 * committed (ExecIptables.restore).
 */
async function* fullSyncInput(ipt: Iptables, state: ProxyState, rules: RulesConfig, hooks: FullSyncHooks): AsyncGenerator<string> {
  yield FULL_SYNC_START;
  const existing = readExisting(ipt);
  existing.catch(() => undefined); // awaited below, after the rules are written
  const full = planFullSync(state, rules);
  hooks.meanwhile();
  const ruleText = full.rules.join('');
  yield full.declarations;
  yield ruleText;
  const finished = full.finish(await existing);
  hooks.planned(finished);
  yield finished.tail.join('');
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
 * (ProxyStateTracker) and, through a BoundedFrequencyRunner, writes it with one iptables-restore
 * per sync. The first sync, every sync at least --iptables-sync-period after the last full one,
 * and the sync after a failure are full (read iptables-save, rewrite everything, delete every
 * stale chain: a restarted proxy reconciles what it finds); the others are partial (the
 * per-service chains of services changed since the last successful sync, and the top-level
 * chains whose rules differ from what the last successful restore wrote into them). A failed
 * restore leaves the previous rules in place, forgets what is known to be programmed (so the
 * next sync is full) and is retried with backoff. Nothing is written before the informers have
 * synced.
 *
 * A sync starts iptables-restore first and produces its input while the command starts. A
 * partial sync plans the text and writes it in one go; a full sync streams it (fullSyncInput):
 * the rules first, then, once iptables-save has been read, the stale chains, the missing jumps
 * and the COMMITs.
 */
export class Proxier {
  private readonly tracker: ProxyStateTracker;
  private pendingSince: number | undefined;
  private lastSynced: number | undefined;
  /** What the last successful restore left; undefined = unknown (next sync is full). */
  private known: KnownRules | undefined;
  private lastFullSync = -Infinity;
  private udpState = new Map<string, UdpPortState>();
  private readonly runner: BoundedFrequencyRunner;
  private readonly clock: Clock;

  constructor(private readonly opts: ProxierOptions) {
    this.clock = opts.clock ?? realClock;
    this.tracker = new ProxyStateTracker({ rules: opts.rules, logger: opts.logger, onChange: () => this.changed() });
    this.runner = new BoundedFrequencyRunner(() => this.syncProxyRules(), {
      minIntervalMs: opts.minSyncPeriodMs,
      maxIntervalMs: opts.syncPeriodMs,
      clock: this.clock,
      onError: (err, retryInMs) => opts.logger.error('sync proxy rules failed; previous rules stay in place', { err: err instanceof Error ? err.message : String(err), retryInMs }),
    });
  }

  /** Informer handlers (see ProxyStateTracker). */
  get serviceHandler(): ProxyStateTracker['serviceHandler'] {
    return this.tracker.serviceHandler;
  }
  get endpointsHandler(): ProxyStateTracker['endpointsHandler'] {
    return this.tracker.endpointsHandler;
  }
  get endpointSliceHandler(): ProxyStateTracker['endpointSliceHandler'] {
    return this.tracker.endpointSliceHandler;
  }

  setServicesSynced(): void {
    this.tracker.setServicesSynced();
  }

  setEndpointsSynced(): void {
    this.tracker.setEndpointsSynced();
  }

  /** Starts periodic syncing; stops on abort. */
  start(signal: AbortSignal): void {
    this.runner.start(signal);
  }

  /** Resolves when no sync is running. */
  whenIdle(): Promise<void> {
    return this.runner.whenIdle();
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
    return this.tracker.state();
  }

  /** True when the next sync will be a full one. */
  nextSyncIsFull(): boolean {
    return this.known === undefined || this.clock.now() - this.lastFullSync >= this.opts.syncPeriodMs;
  }

  /** Forces the next sync to be full (tests, benchmarks). */
  requestFullSync(): void {
    this.known = undefined;
  }

  /** One sync (full or partial, see the class comment). Throws on failure. */
  async syncProxyRules(): Promise<void> {
    if (!this.tracker.synced()) {
      this.opts.logger.debug('not syncing iptables until Services and Endpoints have been received from the apiserver');
      return;
    }
    const { metrics, logger, iptables } = this.opts;
    const started = this.clock.now();
    const startedPending = this.pendingSince;
    const known = this.nextSyncIsFull() ? undefined : this.known;
    const changed = this.tracker.takeChanged();
    let plan: PlannedRules | undefined;
    // The UDP ports of the state being programmed, read while the restore runs (not after it:
    // later events are not programmed yet, and their flows must be cleared by the sync that is).
    let udp: Map<string, UdpPortState> | undefined;
    const readUdp = (): void => void (udp = this.tracker.udpPorts());
    const input: RestoreInput = known
      ? () => {
          plan = planRules(this.tracker.state(), { full: false, changedServices: changed, knownChains: known.chains, knownTop: known.top }, this.opts.rules);
          readUdp();
          return plan.pieces;
        }
      : fullSyncInput(iptables, this.tracker.state(), this.opts.rules, { meanwhile: readUdp, planned: (p) => void (plan = p) });
    try {
      await iptables.restore(input, { noFlush: true, counters: true });
    } catch (err) {
      metrics.restoreFailures.inc();
      this.tracker.restoreChanged(changed);
      this.known = undefined; // the kernel may hold anything now: reconcile with a full sync
      throw err;
    }
    if (!plan || !udp) throw new Error('iptables restore finished without reading its input');
    const gen = plan;
    this.known = { chains: gen.activeChains, top: gen.topChains };
    if (!known) this.lastFullSync = started;
    if (this.pendingSince === startedPending) this.pendingSince = undefined;
    const seconds = (this.clock.now() - started) / 1000;
    metrics.syncDuration.observe(seconds);
    (known ? metrics.partialSyncDuration : metrics.fullSyncDuration).observe(seconds);
    this.lastSynced = this.clock.now();
    metrics.lastSyncTimestamp.set(this.lastSynced / 1000);
    for (const table of ['nat', 'filter'] as const) {
      metrics.rulesTotal.set({ table }, gen.ruleTotals[table]);
      metrics.rulesLastSync.set({ table }, gen.ruleCounts[table]);
    }
    metrics.skippedServicePorts.set(this.tracker.skippedCount());
    if (gen.staleChains.length) logger.debug('deleted stale chains', { chains: gen.staleChains });
    logger.debug('synced proxy rules', { full: !known, ms: this.clock.now() - started, writtenChains: gen.writtenChains, topChains: gen.writtenTopChains, natRules: gen.ruleCounts.nat, filterRules: gen.ruleCounts.filter });
    await this.clearStaleUdp(udp);
  }

  /** After a successful sync: clears UDP conntrack entries the new rules (with UDP ports `next`) made stale. */
  private async clearStaleUdp(next: Map<string, UdpPortState>): Promise<void> {
    const filters = staleUdpFilters(this.udpState, next);
    this.udpState = next;
    if (!this.opts.conntrack) return;
    for (const f of filters) await this.opts.conntrack.deleteFlows(f);
  }

  private changed(): void {
    this.pendingSince ??= this.clock.now();
    this.runner.run();
  }
}
