import type { Logger } from '@tskube/component-base';
import type { RateLimitingQueue } from '@tskube/workqueue';
import { errorMessage, TerminalError } from './errors';

/** What a sync may ask for besides success: a re-check after a delay (e.g. minReadySeconds). */
export interface SyncResult {
  requeueAfterMs?: number;
}

/**
 * Runs `workers` loops taking keys from `queue` and calling `sync(key)` until the queue shuts
 * down (call `queue.shutDown()` on abort). The queue guarantees a key is never synced by two
 * loops at once. Success `forget`s the key's backoff; a thrown error requeues it rate-limited
 * (upstream `handleErr`); a `TerminalError` is logged and dropped. Never throws.
 */
export async function runWorkers(opts: {
  name: string;
  queue: RateLimitingQueue<string>;
  workers: number;
  sync: (key: string) => Promise<SyncResult | void>;
  logger: Logger;
  onSync?: (result: 'success' | 'error', durationMs: number) => void;
}): Promise<void> {
  const { queue, logger } = opts;
  const loop = async (): Promise<void> => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      const start = Date.now();
      try {
        const res = await opts.sync(key);
        queue.forget(key);
        if (res?.requeueAfterMs !== undefined) queue.addAfter(key, res.requeueAfterMs);
        opts.onSync?.('success', Date.now() - start);
      } catch (err) {
        opts.onSync?.('error', Date.now() - start);
        if (err instanceof TerminalError) {
          logger.error(`${opts.name}: dropping ${key}: ${err.message}`);
          queue.forget(key);
        } else {
          logger.warn(`${opts.name}: error syncing ${key}, requeuing`, { err: errorMessage(err), requeues: queue.numRequeues(key) });
          queue.addRateLimited(key);
        }
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.workers) }, loop));
}
