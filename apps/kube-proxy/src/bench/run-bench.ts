import { Registry } from 'prom-client';
import type { Logger } from '@tskube/component-base';
import type { Iptables, RestoreOptions } from '../app/iptables/iptables';
import { ExecIptables } from '../app/iptables/iptables';
import type { TableName } from '../app/iptables/save-parser';
import { createProxierMetrics } from '../app/metrics';
import { Netns } from '../app/netns.testutil';
import { Proxier } from '../app/proxier';
import { endpointsFor, percentile, syntheticCluster } from './synthetic';

/** Wraps an Iptables, remembering the last restore's input and duration. */
export class TimedIptables implements Iptables {
  lastText = '';
  lastRestoreMs = 0;
  constructor(private readonly inner: Iptables) {}
  save(table: TableName): Promise<string> {
    return this.inner.save(table);
  }
  async restore(data: string, opts: RestoreOptions): Promise<void> {
    const t = performance.now();
    await this.inner.restore(data, opts);
    this.lastRestoreMs = performance.now() - t;
    this.lastText = data;
  }
}

export interface SizeResult {
  backend: Backend;
  services: number;
  endpointsPerService: number;
  /** Lines of the first full sync's restore input. */
  restoreLines: number;
  /** First full sync into an empty namespace: generation + iptables-save + iptables-restore. */
  fullSyncMs: number;
  /** `iptables-restore --noflush` of the same text into a fresh namespace (the physical limit). */
  rawRestoreMs: number;
  /** (fullSyncMs - rawRestoreMs) / rawRestoreMs. */
  overhead: number;
  /** A later full sync with every rule in place (what the periodic resync costs). */
  fullResyncMs: number;
  /** One endpoint of one service replaced, then one (partial) sync: p50 / p99 over the changes. */
  changeP50Ms: number;
  changeP99Ms: number;
  /** iptables-restore alone within those syncs, p99. */
  changeRestoreP99Ms: number;
  /** Process RSS after the first full sync. */
  rssMiB: number;
}

/** Which iptables binaries to drive: the system's default (`iptables-restore`) or a named backend. */
export type Backend = 'default' | 'legacy' | 'nft';

function tools(backend: Backend): { saveCommand: string; restoreCommand: string } {
  return backend === 'default' ? { saveCommand: 'iptables-save', restoreCommand: 'iptables-restore' } : { saveCommand: `iptables-${backend}-save`, restoreCommand: `iptables-${backend}-restore` };
}

export interface BenchOptions {
  backend: Backend;
  sizes: readonly number[];
  endpointsPerService: number;
  changes: number;
  logger: Logger;
  log: (line: string) => void;
}

async function timeIt(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Benchmarks one size in a network namespace it creates and deletes. */
export async function benchSize(count: number, o: BenchOptions): Promise<SizeResult> {
  const ns = new Netns(`kpb-${process.pid}-${count}`.slice(0, 15));
  const raw = new Netns(`kpr-${process.pid}-${count}`.slice(0, 15));
  try {
    const ipt = new TimedIptables(new ExecIptables({ commandPrefix: ns.prefix(), timeoutMs: 900_000, ...tools(o.backend) }));
    const proxier = new Proxier({
      iptables: ipt, rules: { clusterCIDR: '10.128.0.0/9', masqueradeAll: false }, minSyncPeriodMs: 0, syncPeriodMs: 3_600_000,
      logger: o.logger, metrics: createProxierMetrics(new Registry()),
    });
    const cluster = syntheticCluster(count, o.endpointsPerService);
    for (const s of cluster.services) proxier.serviceHandler.onAdd(s, true);
    for (const e of cluster.endpoints) proxier.endpointsHandler.onAdd(e, true);
    proxier.setServicesSynced();
    proxier.setEndpointsSynced();
    const fullSyncMs = await timeIt(() => proxier.syncProxyRules());
    const text = ipt.lastText;
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    o.log(`  ${o.backend} ${count} services: first full sync ${fullSyncMs.toFixed(0)} ms (restore ${ipt.lastRestoreMs.toFixed(0)} ms)`);

    const rawRestoreMs = await timeIt(() => new ExecIptables({ commandPrefix: raw.prefix(), timeoutMs: 900_000, ...tools(o.backend) }).restore(text, { noFlush: true, counters: false }));
    o.log(`  ${o.backend} ${count} services: raw iptables-restore of the same text ${rawRestoreMs.toFixed(0)} ms`);

    proxier.requestFullSync();
    const fullResyncMs = await timeIt(() => proxier.syncProxyRules());

    const changeMs: number[] = [];
    const restoreMs: number[] = [];
    for (let k = 0; k < o.changes; k++) {
      const i = (k * 7919) % count;
      proxier.endpointsHandler.onUpdate(endpointsFor(i, o.endpointsPerService, k), endpointsFor(i, o.endpointsPerService, k + 1));
      changeMs.push(await timeIt(() => proxier.syncProxyRules()));
      restoreMs.push(ipt.lastRestoreMs);
    }
    return {
      backend: o.backend, services: count, endpointsPerService: o.endpointsPerService, restoreLines: text.split('\n').length - 1,
      fullSyncMs, rawRestoreMs, overhead: (fullSyncMs - rawRestoreMs) / rawRestoreMs, fullResyncMs,
      changeP50Ms: percentile(changeMs, 50), changeP99Ms: percentile(changeMs, 99), changeRestoreP99Ms: percentile(restoreMs, 99), rssMiB,
    };
  } finally {
    ns.destroy();
    raw.destroy();
  }
}

/** Formats results as the Markdown table of docs/benchmarks.md. */
export function resultTable(results: readonly SizeResult[]): string {
  const rows = results.map((r) => `| ${r.backend} | ${r.services} × ${r.endpointsPerService} | ${r.restoreLines} | ${r.fullSyncMs.toFixed(0)} | ${r.rawRestoreMs.toFixed(0)} | ${(r.overhead * 100).toFixed(0)} % | ${r.fullResyncMs.toFixed(0)} | ${r.changeP50Ms.toFixed(0)} / ${r.changeP99Ms.toFixed(0)} | ${r.changeRestoreP99Ms.toFixed(0)} | ${r.rssMiB.toFixed(0)} |`);
  return [
    '| iptables | services × endpoints | restore lines | first full sync (ms) | raw iptables-restore (ms) | proxy overhead | full resync (ms) | one endpoint change p50 / p99 (ms) | its restore p99 (ms) | RSS (MiB) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
