/**
 * The queue controllers use (client-go `RateLimitingInterface`): a delaying work queue whose
 * retries are spaced by a {@link RateLimiter}.
 */
import { DelayingQueue } from './delaying-queue';
import type { QueueOptions } from './queue';
import type { RateLimiter } from './rate-limiters';
import { defaultControllerRateLimiter } from './rate-limiters';

export interface RateLimitingQueueOptions<T> extends QueueOptions {
  /** Defaults to {@link defaultControllerRateLimiter}. */
  rateLimiter?: RateLimiter<T>;
}

/**
 * Work queue with rate-limited retries.
 * @example
 * try { await sync(key); q.forget(key); } catch { q.addRateLimited(key); } finally { q.done(key); }
 */
export class RateLimitingQueue<T> extends DelayingQueue<T> {
  private readonly limiter: RateLimiter<T>;

  constructor(o: RateLimitingQueueOptions<T> = {}) {
    super(o);
    this.limiter = o.rateLimiter ?? defaultControllerRateLimiter<T>(o.clock ? { clock: o.clock } : {});
  }

  /**
   * Re-adds `item` after the limiter's delay (records a failure). Call `forget(item)` on
   * success, or the item's backoff keeps growing on later failures.
   */
  addRateLimited(item: T): void {
    this.addAfter(item, this.limiter.when(item));
  }

  /** Resets `item`'s backoff; does not remove it from the queue. */
  forget(item: T): void {
    this.limiter.forget(item);
  }

  /** Failures recorded for `item` since the last forget(). */
  numRequeues(item: T): number {
    return this.limiter.numRequeues(item);
  }
}
