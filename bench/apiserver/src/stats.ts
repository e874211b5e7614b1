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
