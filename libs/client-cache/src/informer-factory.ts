/**
 * InformerFactory (client-go `SharedInformerFactory`): hands out one shared informer per
 * (resource, namespace, label selector, field selector), so every consumer in a process
 * shares one cache and one watch.
 */
import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import type { RestClient } from '@tskube/client';
import type { Logger } from '@tskube/component-base';
import { createLogger } from '@tskube/component-base';
import type { Clock } from '@tskube/workqueue';
import { clockSleep, realClock } from '@tskube/workqueue';
import type { ListWatchScope } from './list-watcher';
import { listWatcherFor } from './list-watcher';
import { SharedIndexInformer } from './shared-informer';

/** Creates and starts shared informers. */
export class InformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private readonly running = new Set<string>();
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(
    private readonly client: RestClient,
    private readonly o: { resyncMs?: number; logger?: Logger; clock?: Clock } = {},
  ) {
    this.logger = o.logger ?? createLogger('informers');
    this.clock = o.clock ?? realClock;
  }

  /** The shared informer for `res` in that scope; created on first request. Call before start(). */
  informerFor<T extends KubeObject>(res: ResourceInfo, o: ListWatchScope = {}): SharedIndexInformer<T> {
    const key = [res.group, res.version, res.resource, o.namespace ?? '', o.labelSelector ?? '', o.fieldSelector ?? ''].join('|');
    let inf = this.informers.get(key);
    if (!inf) {
      const name = `${res.resource}${o.namespace ? `/${o.namespace}` : ''}`;
      inf = new SharedIndexInformer<KubeObject>(listWatcherFor(this.client, res, o), {
        name,
        logger: this.logger,
        clock: this.clock,
        ...(this.o.resyncMs ? { resyncMs: this.o.resyncMs } : {}),
      });
      this.informers.set(key, inf);
    }
    return inf as unknown as SharedIndexInformer<T>;
  }

  /** Starts every informer not yet started (informers requested later need another start()). Non-blocking. */
  start(signal: AbortSignal): void {
    for (const [key, inf] of this.informers) {
      if (this.running.has(key)) continue;
      this.running.add(key);
      inf.run(signal).catch((e: unknown) => this.logger.error(`informer ${key} stopped: ${(e as Error).message}`));
    }
  }

  /** Resolves true once every started informer has synced, false if `signal` aborts first. */
  async waitForCacheSync(signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      const all = [...this.running].every((k) => this.informers.get(k)?.hasSynced());
      if (all) return true;
      await clockSleep(realClock, 50, signal);
    }
  }
}
