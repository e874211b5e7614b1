import { Registry } from 'prom-client';
import type { Logger } from '@tskube/component-base';
import { ExecIptables } from '../app/iptables/iptables';
import { createProxierMetrics } from '../app/metrics';
import { Netns } from '../app/netns.testutil';
import { Proxier } from '../app/proxier';
import type { Timing } from './measure';
import { TimedIptables, timed } from './measure';
import { endpointsFor, syntheticCluster } from './synthetic';

/** Which iptables binaries to drive: the system's default (`iptables-restore`) or a named backend. */
export type Backend = 'default' | 'legacy' | 'nft';

/** p50 and p99 of a series, ms. */
export interface Percentiles {
  p50: number;
  p99: number;
}

export interface SizeResult {
  backend: Backend;
  services: number;
  endpointsPerService: number;
  /** Set when the first full sync did not finish within the bound: nothing else was measured. */
  gaveUpAfterMs?: number;
  /** Lines of the first full sync's restore input. */
  restoreLines: number;
  /**
   * The informers' initial lists handed to the proxier (every Service, then every Endpoints
   * added; the proxier renders each service's rules as they arrive): before the first sync may run.
   */
  events: Timing;
  /**
   * First full sync into an empty namespace, as upstream counts it: from the informers synced
   * to the rules programmed (iptables-save + planning + iptables-restore).
   */
  fullSync: Timing;
  /** The iptables-restore inside that sync. */
  fullSyncRestore: Timing;
  /** `iptables-restore --noflush` of the same text into a fresh namespace (the physical limit). */
  rawRestore: Timing;
  /** A later full sync with every rule in place (what the periodic resync costs); NaN when skipped. */
  fullResync: Timing;
  /** One endpoint of one service replaced, then one (partial) sync, `changes` times. */
  change: { sync: Percentiles; restore: Percentiles; restoreCpu: Percentiles; raw: Percentiles; rawCpu: Percentiles; lines: number };
  /** Process RSS after the first full sync, MiB. */
  rssMiB: number;
  /**
   * When the first full sync was measured in several fresh runs: every run's wall overhead over
   * its raw restore, in run order (the first-sync figures above are then the median run's).
   */
  firstSyncRuns?: number[] | undefined;
}

function tools(backend: Backend): { saveCommand: string; restoreCommand: string } {
  return backend === 'default' ? { saveCommand: 'iptables-save', restoreCommand: 'iptables-restore' } : { saveCommand: `iptables-${backend}-save`, restoreCommand: `iptables-${backend}-restore` };
}

export interface BenchOptions {
  backend: Backend;
  endpointsPerService: number;
  changes: number;
  /** Skips the full resync (`--no-resync`: iptables-nft takes minutes for it at 10,000 services). */
  skipResync?: boolean;
  /** Measures only the first full sync and its raw restore (extra runs of a size; see main.ts). */
  firstSyncOnly?: boolean;
  /** Gives up on a size whose first full sync (or raw restore) takes longer than this. */
  boundMs: number;
  logger: Logger;
  log: (line: string) => void;
}

/** The p-th percentile (0..100, nearest rank) of `xs`. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const pct = (xs: readonly number[]): Percentiles => ({ p50: percentile(xs, 50), p99: percentile(xs, 99) });
const ZERO: Timing = { wallMs: 0, childCpuMs: 0, ownCpuMs: 0 };
const SKIPPED: Timing = { wallMs: NaN, childCpuMs: NaN, ownCpuMs: NaN };
/** Idle time before each size's measured phases (see benchSize). */
const SETTLE_MS = 1000;

/**
 * Benchmarks one size in two network namespaces it creates and deletes: the proxier's, and a
 * "raw" one that receives exactly the same restore texts (first full sync, then every partial
 * sync's text) through a plain ExecIptables, so each proxy figure has its physical limit
 * measured in the same run, on the same kernel state.
 */
export async function benchSize(count: number, o: BenchOptions): Promise<SizeResult> {
  const ns = new Netns(`kpb-${process.pid}-${count}`.slice(0, 15));
  const rawNs = new Netns(`kpr-${process.pid}-${count}`.slice(0, 15));
  const tag = `${o.backend} ${count} services`;
  try {
    const ipt = new TimedIptables(new ExecIptables({ commandPrefix: ns.prefix(), timeoutMs: o.boundMs, ...tools(o.backend) }));
    const raw = new ExecIptables({ commandPrefix: rawNs.prefix(), timeoutMs: o.boundMs, ...tools(o.backend) });
    const proxier = new Proxier({
      iptables: ipt, rules: { clusterCIDR: '10.128.0.0/9', masqueradeAll: false }, minSyncPeriodMs: 0, syncPeriodMs: 3_600_000,
      logger: o.logger, metrics: createProxierMetrics(new Registry()),
    });
    const cluster = syntheticCluster(count, o.endpointsPerService);
    // A real proxy's informers take a while to list (the loop mostly idle); here the events come
    // at once. Let the runtime's own start-up work finish first (under tsx: its sweep of the
    // compile cache, thousands of files, would otherwise land in the measured sync).
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const events = await timed(() => {
      for (const s of cluster.services) proxier.serviceHandler.onAdd(s, true);
      for (const e of cluster.endpoints) proxier.endpointsHandler.onAdd(e, true);
      return Promise.resolve();
    });
    const empty = { backend: o.backend, services: count, endpointsPerService: o.endpointsPerService, restoreLines: 0, events, fullSync: ZERO, fullSyncRestore: ZERO, rawRestore: ZERO, fullResync: ZERO, rssMiB: 0 };
    const noChange = { sync: { p50: NaN, p99: NaN }, restore: { p50: NaN, p99: NaN }, restoreCpu: { p50: NaN, p99: NaN }, raw: { p50: NaN, p99: NaN }, rawCpu: { p50: NaN, p99: NaN }, lines: 0 };
    let fullSync: Timing;
    try {
      fullSync = await timed(() => {
        proxier.setServicesSynced();
        proxier.setEndpointsSynced();
        return proxier.syncProxyRules();
      });
    } catch (err) {
      o.log(`  ${tag}: first full sync gave up after ${o.boundMs} ms: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`);
      return { ...empty, gaveUpAfterMs: o.boundMs, change: noChange };
    }
    const text = ipt.lastText;
    const fullSyncRestore = ipt.lastRestore;
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    o.log(`  ${tag}: informer events ${events.ownCpuMs.toFixed(0)} ms CPU; first full sync ${fullSync.wallMs.toFixed(0)} ms (restore ${fullSyncRestore.wallMs.toFixed(0)} ms, ${fullSyncRestore.childCpuMs} ms CPU; proxy ${fullSync.ownCpuMs.toFixed(0)} ms CPU, of which producing the streamed input (planning, iptables-save) ${ipt.lastInput.ownCpuMs.toFixed(0)} ms)`);
    const rawRestore = await timed(() => raw.restore(text, { noFlush: true, counters: false }));
    o.log(`  ${tag}: raw iptables-restore of the same text ${rawRestore.wallMs.toFixed(0)} ms (${rawRestore.childCpuMs} ms CPU)`);
    if (o.firstSyncOnly) return { ...empty, restoreLines: text.split('\n').length - 1, fullSync, fullSyncRestore, rawRestore, fullResync: SKIPPED, rssMiB, change: noChange };

    let fullResync = SKIPPED;
    if (!o.skipResync) {
      proxier.requestFullSync();
      fullResync = await timed(() => proxier.syncProxyRules());
      o.log(`  ${tag}: full resync ${fullResync.wallMs.toFixed(0)} ms`);
    }

    const sync: number[] = [], syncCpu: number[] = [], restore: number[] = [], restoreCpu: number[] = [], rawMs: number[] = [], rawCpu: number[] = [];
    let lines = 0;
    for (let k = 0; k < o.changes; k++) {
      const i = (k * 7919) % count;
      proxier.endpointsHandler.onUpdate(endpointsFor(i, o.endpointsPerService, k), endpointsFor(i, o.endpointsPerService, k + 1));
      const t = await timed(() => proxier.syncProxyRules());
      sync.push(t.wallMs);
      syncCpu.push(t.ownCpuMs);
      restore.push(ipt.lastRestore.wallMs);
      restoreCpu.push(ipt.lastRestore.childCpuMs);
      const r = await timed(() => raw.restore(ipt.lastText, { noFlush: true, counters: false }));
      rawMs.push(r.wallMs);
      rawCpu.push(r.childCpuMs);
      lines = ipt.lastText.split('\n').length - 1;
    }
    const f0 = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join(' / ');
    o.log(`  ${tag}: ${o.changes} endpoint changes, sync p99 ${percentile(sync, 99).toFixed(0)} ms, raw restore of the same text p99 ${percentile(rawMs, 99).toFixed(0)} ms; proxy CPU per sync p50 / p99 ${f0([percentile(syncCpu, 50), percentile(syncCpu, 99)])} ms; the first change (cold code paths): sync ${f0([sync[0] ?? NaN])} ms, proxy CPU ${f0([syncCpu[0] ?? NaN])} ms`);
    return {
      ...empty, restoreLines: text.split('\n').length - 1, fullSync, fullSyncRestore, rawRestore, fullResync, rssMiB,
      change: { sync: pct(sync), restore: pct(restore), restoreCpu: pct(restoreCpu), raw: pct(rawMs), rawCpu: pct(rawCpu), lines },
    };
  } finally {
    ns.destroy();
    rawNs.destroy();
  }
}
