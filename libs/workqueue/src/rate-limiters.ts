/**
 * Per-item retry delays (client-go `workqueue.RateLimiter`). Limiters keep per-item state;
 * callers must `forget(item)` when the item succeeded so its backoff resets.
 * Not thread-safety relevant in JS, but state is per limiter instance: do not share one
 * limiter between queues unless you want shared backoff.
 */
import type { Clock } from './clock';
import { realClock } from './clock';

/** Decides how long an item waits before it is retried. */
export interface RateLimiter<T> {
  /** Delay in ms before `item` may be processed again; records one more failure. */
  when(item: T): number;
  /** Clears `item`'s failure history (call after a successful sync). */
  forget(item: T): void;
  /** How many failures are recorded for `item`. */
  numRequeues(item: T): number;
}

/** Per-item exponential backoff: baseMs * 2^failures, capped at maxMs. */
export function itemExponential<T>(o: { baseMs: number; maxMs: number }): RateLimiter<T> {
  const failures = new Map<T, number>();
  return {
    when(item) {
      const n = failures.get(item) ?? 0;
      failures.set(item, n + 1);
      const d = o.baseMs * 2 ** n;
      return Number.isFinite(d) ? Math.min(d, o.maxMs) : o.maxMs;
    },
    forget: (item) => void failures.delete(item),
    numRequeues: (item) => failures.get(item) ?? 0,
  };
}

/**
 * Overall token bucket across all items (golang.org/x/time/rate reservation semantics): starts
 * full with `burst` tokens, refills at `qps`; each when() takes a token, and when none is left
 * returns how long until the reserved token exists. Has no per-item state.
 */
export function tokenBucket<T>(o: { qps: number; burst: number; clock?: Clock }): RateLimiter<T> {
  const clock = o.clock ?? realClock;
  let tokens = o.burst;
  let last = clock.now();
  return {
    when() {
      const now = clock.now();
      tokens = Math.min(o.burst, tokens + ((now - last) * o.qps) / 1000);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : (-tokens / o.qps) * 1000;
    },
    forget: () => undefined,
    numRequeues: () => 0,
  };
}

/** Combines limiters: the longest delay wins; forget() and when() reach every limiter. */
export function maxOf<T>(...ls: RateLimiter<T>[]): RateLimiter<T> {
  return {
    when: (item) => ls.reduce((m, l) => Math.max(m, l.when(item)), 0),
    forget: (item) => ls.forEach((l) => l.forget(item)),
    numRequeues: (item) => ls.reduce((m, l) => Math.max(m, l.numRequeues(item)), 0),
  };
}

/** upstream `DefaultControllerRateLimiter`: maxOf(itemExponential 5ms..1000s, tokenBucket 10 qps burst 100). */
export function defaultControllerRateLimiter<T>(o: { clock?: Clock } = {}): RateLimiter<T> {
  return maxOf<T>(itemExponential({ baseMs: 5, maxMs: 1_000_000 }), tokenBucket({ qps: 10, burst: 100, ...(o.clock ? { clock: o.clock } : {}) }));
}
