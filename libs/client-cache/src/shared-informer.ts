/**
 * SharedIndexInformer (client-go `cache.SharedIndexInformer`): one reflector feeding one
 * indexed cache and any number of event handlers.
 *
 * Contract:
 * - Handlers are called synchronously, one event at a time, in the order the cache changed;
 *   every handler sees every change in the same order. Handlers must be quick (enqueue a key)
 *   and must not mutate the objects they get: cached objects are shared and Readonly.
 * - onUpdate gets (old, new). A relist delivers onUpdate for every object still present
 *   (even if unchanged: compare resourceVersions) and onDelete with a
 *   {@link DeletedFinalStateUnknown} tombstone for every key that vanished.
 * - A handler added after run() first receives every cached object as onAdd(obj, true).
 * - hasSynced() turns true after the first complete list has been delivered.
 * - A handler that throws is logged and skipped; the informer keeps going.
 */
import type { KubeObject } from '@tskube/api-types';
import { objectKey } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { createLogger } from '@tskube/component-base';
import type { Clock } from '@tskube/workqueue';
import { clockSleep, realClock } from '@tskube/workqueue';
import type { IndexFunc, Indexer } from './indexer';
import { IndexedStore } from './indexer';
import type { ListerWatcher } from './list-watcher';
import type { ReflectorOptions } from './reflector';
import { Reflector } from './reflector';
import { DeletedFinalStateUnknown } from './store';

/** Callbacks for cache changes. All optional. */
export interface ResourceEventHandler<T> {
  onAdd?(obj: Readonly<T>, isInInitialList: boolean): void;
  onUpdate?(oldObj: Readonly<T>, newObj: Readonly<T>): void;
  onDelete?(obj: Readonly<T> | DeletedFinalStateUnknown<T>): void;
}

/** Returned by addEventHandler. */
export interface HandlerRegistration {
  /** True once this handler has been given the initial list. */
  hasSynced(): boolean;
  /** Stops further notifications to this handler. */
  remove(): void;
}

export interface SharedIndexInformerOptions {
  name?: string;
  /** If > 0, every resyncMs all cached objects are re-delivered as onUpdate(obj, obj). */
  resyncMs?: number;
  logger?: Logger;
  clock?: Clock;
  /** Reflector tuning (backoff, jitter) for tests. */
  reflector?: Omit<ReflectorOptions, 'clock' | 'logger' | 'name'>;
}

/**
 * One cache for one resource scope, shared by every consumer in the process.
 * @example
 * const inf = factory.informerFor<Pod>(RESOURCES.pods);
 * inf.addEventHandler({ onAdd: (p) => queue.add(objectKey(p)), onUpdate: (_o, n) => queue.add(objectKey(n)) });
 */
export class SharedIndexInformer<T extends KubeObject> {
  private readonly store = new IndexedStore<T>();
  private readonly handlers = new Set<ResourceEventHandler<T>>();
  private readonly reflector: Reflector<T>;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private synced = false;
  private started = false;

  constructor(
    lw: ListerWatcher<T>,
    private readonly opts: SharedIndexInformerOptions = {},
  ) {
    this.logger = opts.logger ?? createLogger('informer');
    this.clock = opts.clock ?? realClock;
    const name = opts.name ?? 'informer';
    this.reflector = new Reflector<T>(
      lw,
      { replace: (items) => this.onReplace(items), apply: (type, obj) => this.onEvent(type, obj) },
      { ...opts.reflector, name, clock: this.clock, logger: this.logger },
    );
  }

  /** Registers a handler; if already running, replays the cache to it as adds first. */
  addEventHandler(h: ResourceEventHandler<T>): HandlerRegistration {
    this.handlers.add(h);
    if (this.started) for (const obj of this.store.list()) this.call(h, 'onAdd', () => h.onAdd?.(obj, true));
    return { hasSynced: () => this.synced, remove: () => void this.handlers.delete(h) };
  }

  /** Adds indexes (best before run(); existing items are indexed immediately). */
  addIndexers(ix: Record<string, IndexFunc<T>>): void {
    this.store.addIndexers(ix);
  }

  /** The cache. Objects are shared and readonly; clone before mutating. */
  getIndexer(): Indexer<T> {
    return this.store;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion();
  }

  /** Lists and watches until `signal` aborts, then resolves. Call once. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error(`informer ${this.opts.name ?? ''} already started`);
    this.started = true;
    const resync = this.opts.resyncMs && this.opts.resyncMs > 0 ? this.resyncLoop(this.opts.resyncMs, signal) : Promise.resolve();
    await Promise.all([this.reflector.run(signal), resync]);
  }

  private async resyncLoop(ms: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await clockSleep(this.clock, ms, signal);
      if (signal.aborted || !this.synced) continue;
      for (const obj of this.store.list()) this.notify('onUpdate', (h) => h.onUpdate?.(obj, obj));
    }
  }

  private onReplace(items: T[]): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.store.get(key);
      this.store.add(obj);
      if (old) this.notify('onUpdate', (h) => h.onUpdate?.(old, obj));
      else this.notify('onAdd', (h) => h.onAdd?.(obj, initial));
    }
    for (const key of this.store.listKeys()) {
      if (seen.has(key)) continue;
      const old = this.store.get(key) as T;
      this.store.deleteKey(key);
      const tomb = new DeletedFinalStateUnknown<T>(key, old);
      this.notify('onDelete', (h) => h.onDelete?.(tomb));
    }
    this.synced = true;
  }

  private onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void {
    const key = objectKey(obj);
    const old = this.store.get(key);
    if (type === 'DELETED') {
      this.store.deleteKey(key);
      this.notify('onDelete', (h) => h.onDelete?.(obj));
      return;
    }
    this.store.add(obj);
    if (old) this.notify('onUpdate', (h) => h.onUpdate?.(old, obj));
    else this.notify('onAdd', (h) => h.onAdd?.(obj, false));
  }

  private notify(what: string, fn: (h: ResourceEventHandler<T>) => void): void {
    for (const h of [...this.handlers]) this.call(h, what, () => fn(h));
  }

  private call(_h: ResourceEventHandler<T>, what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger.error(`informer ${this.opts.name ?? ''}: ${what} handler threw: ${(e as Error).message}`, { stack: (e as Error).stack });
    }
  }
}
