import type { Logger } from '@tskube/component-base';
import { RateLimitingQueue } from '@tskube/workqueue';
import { waitForSync } from './informer';
import { runWorkers } from './worker';
import type { SyncResult } from './worker';

/**
 * The loop every controller shares: a rate-limited key queue, `syncHandler(key)` (replaceable
 * in tests; never called concurrently for one key), and `run()` that waits for the informers'
 * caches before starting `workers` loops and shuts the queue down on abort.
 */
export class QueueController {
  readonly queue: RateLimitingQueue<string>;
  syncHandler: (key: string) => Promise<SyncResult | void>;

  constructor(
    readonly name: string,
    private readonly opts: { logger: Logger; sync: (key: string) => Promise<SyncResult | void>; informers: ReadonlyArray<{ hasSynced(): boolean }>; onSync?: (name: string, result: 'success' | 'error', ms: number) => void },
  ) {
    this.queue = new RateLimitingQueue<string>({ name });
    this.syncHandler = opts.sync;
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const { logger } = this.opts;
    signal.addEventListener('abort', () => this.queue.shutDown(), { once: true });
    logger.info(`starting ${this.name} controller`);
    if (!(await waitForSync(this.opts.informers, signal))) return;
    logger.info(`caches synced for ${this.name}`, { workers });
    await runWorkers({ name: this.name, queue: this.queue, workers, logger, sync: (k) => this.syncHandler(k), onSync: (r, ms) => this.opts.onSync?.(this.name, r, ms) });
  }
}
