import { markdownTable } from '@tskube/bench-report';
import type { SizeResult } from './run-bench';

const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '—');
const pc = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : '—');

/** (proxy − raw) / raw in wall-clock time: first full sync against the raw restore of its text. */
export function wallOverhead(r: SizeResult): number {
  return (r.fullSync.wallMs - r.rawRestore.wallMs) / r.rawRestore.wallMs;
}

/**
 * The same in CPU time: (proxy process + its iptables children during the sync − raw restore's
 * CPU) / raw restore's CPU. Machine load does not inflate it as it does wall-clock time.
 */
export function cpuOverhead(r: SizeResult): number {
  return (r.fullSync.ownCpuMs + r.fullSync.childCpuMs - r.rawRestore.childCpuMs) / r.rawRestore.childCpuMs;
}

/** `full`'s result with the first-sync figures of the run whose wall overhead is the median (lower median), and every run's overhead. */
export function withMedianFirstSync(full: SizeResult, runs: readonly SizeResult[]): SizeResult {
  const med = [...runs].sort((a, b) => wallOverhead(a) - wallOverhead(b))[Math.floor((runs.length - 1) / 2)]!;
  return { ...full, events: med.events, fullSync: med.fullSync, fullSyncRestore: med.fullSyncRestore, rawRestore: med.rawRestore, firstSyncRuns: runs.map(wallOverhead) };
}

/**
 * The full-sync table of docs/benchmarks.md (Markdown); a size the bench gave up on leaves its
 * figures blank. "Informer events CPU" is the proxier's CPU while the initial lists were handed
 * to it (it renders each service's rules as they arrive): not part of the first sync as upstream
 * counts it (from informers synced to rules programmed), shown beside it so nothing is hidden.
 */
export function fullSyncTable(results: readonly SizeResult[]): string {
  const rows = results.map((r) => {
    const head = [r.backend, `${r.services} × ${r.endpointsPerService}`];
    if (r.gaveUpAfterMs !== undefined) return [...head, '—', `gave up after ${r.gaveUpAfterMs / 1000} s`, ...Array<string>(10).fill('')];
    const f = r.fullSync;
    const runs = r.firstSyncRuns && r.firstSyncRuns.length > 1 ? ` (median of ${r.firstSyncRuns.length} runs: ${r.firstSyncRuns.map(pc).join(', ')})` : '';
    return [...head, `${r.restoreLines}`, ms(f.wallMs), ms(r.fullSyncRestore.wallMs), ms(r.rawRestore.wallMs), `${pc(wallOverhead(r))}${runs}`, ms(f.ownCpuMs), ms(r.events.ownCpuMs), ms(r.fullSyncRestore.childCpuMs), ms(r.rawRestore.childCpuMs), pc(cpuOverhead(r)), ms(r.fullResync.wallMs), ms(r.rssMiB)];
  });
  return markdownTable(
    ['iptables', 'services × endpoints', 'restore lines', 'first full sync (ms)', 'its restore (ms)', 'raw restore, same text (ms)', 'overhead (wall)', 'proxy CPU (ms)', 'informer events CPU, before the sync (ms)', 'its restore CPU (ms)', 'raw restore CPU (ms)', 'overhead (CPU)', 'full resync (ms)', 'RSS (MiB)'],
    rows,
  );
}

/** The one-endpoint-change table of docs/benchmarks.md (Markdown). */
export function changeTable(results: readonly SizeResult[]): string {
  const rows = results.filter((r) => r.gaveUpAfterMs === undefined).map((r) => {
    const c = r.change;
    return [r.backend, `${r.services} × ${r.endpointsPerService}`, `${c.lines}`, `${ms(c.sync.p50)} / ${ms(c.sync.p99)}`, `${ms(c.restore.p50)} / ${ms(c.restore.p99)}`, `${ms(c.raw.p50)} / ${ms(c.raw.p99)}`, ms(c.restoreCpu.p99), ms(c.rawCpu.p99)];
  });
  return markdownTable(
    ['iptables', 'services × endpoints', 'restore lines', 'one endpoint change, sync p50 / p99 (ms)', 'its restore p50 / p99 (ms)', 'raw restore of the same text p50 / p99 (ms)', 'its restore CPU p99 (ms)', 'raw CPU p99 (ms)'],
    rows,
  );
}
