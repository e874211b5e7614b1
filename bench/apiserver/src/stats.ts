/** Small statistics helpers for the benchmark (pure; see stats.spec.ts). */

/** The p-th percentile (0..100) by nearest rank, shared with the other benches. */
export { percentile } from '@tskube/bench-report';

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; resolves with the wall time in ms. */
export async function runPool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return performance.now() - start;
}

/** Operations per second for `count` operations in `ms`. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : NaN;
}

/** One measured write phase: its operations, their rate, and CPU ms per operation by process. */
export interface WritePhase {
  ops: number;
  perSec: number;
  cpu: Record<string, number>;
}

/**
 * Phases taken as one: all their operations over all their time (so the rate is not a mean of
 * rates), and CPU per operation weighted by each phase's operations. Processes missing from a
 * phase count as 0 there.
 */
export function combinePhases(phases: readonly WritePhase[]): WritePhase {
  const ops = phases.reduce((n, p) => n + p.ops, 0);
  const ms = phases.reduce((t, p) => t + (p.ops * 1000) / p.perSec, 0);
  const names = [...new Set(phases.flatMap((p) => Object.keys(p.cpu)))];
  const cpu = Object.fromEntries(names.map((k) => [k, phases.reduce((t, p) => t + (p.cpu[k] ?? 0) * p.ops, 0) / ops]));
  return { ops, perSec: perSecond(ops, ms), cpu };
}
