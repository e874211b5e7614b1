import type { KubeObject } from '@tskube/api-types';
import type { ListerWatcher } from '@tskube/client-cache';
import { Reflector } from '@tskube/client-cache';
import type { Logger } from '@tskube/component-base';
import type { Clock } from '@tskube/workqueue';
import { realClock } from '@tskube/workqueue';

/** Thrown by {@link ObjectWatchManager.get} when the object's watch has not listed in time. */
export class ObjectCacheSyncError extends Error {}

/** One watched object: its reflector, its last known value and the pods referencing it. */
interface WatchedObject<T> {
  readonly pods: Set<string>;
  readonly stop: AbortController;
  obj: T | undefined;
  synced: boolean;
  /** True once the object was seen `immutable: true`: its watch is stopped, the value kept. */
  frozen: boolean;
  waiters: (() => void)[];
}

export interface ObjectWatchManagerOptions<T extends KubeObject> {
  /** `configmap`, `secret`: for logs and errors. */
  kind: string;
  /** The list+watch of exactly one object (upstream: `fieldSelector=metadata.name=<name>` in its namespace). */
  listerWatcher(namespace: string, name: string): ListerWatcher<T>;
  logger: Logger;
  /** Stops every watch when it aborts (the kubelet's lifetime). */
  signal?: AbortSignal;
  /** How long {@link ObjectWatchManager.get} waits for a new watch's first list (default 5 s). */
  syncTimeoutMs?: number;
  clock?: Clock;
  /** Reflector backoff bounds (tests). */
  backoffInitialMs?: number;
}

/**
 * Upstream's watch-based object manager (`pkg/kubelet/util/manager/watch_based_manager.go`,
 * change-detection strategy `Watch`): one list+watch per referenced object, shared by every
 * pod referencing it, started by the first {@link addReference} and stopped by the last
 * {@link deleteReference}. {@link get} answers from the watch's cache (after waiting for its first
 * list), so reading an object costs no API request. An object seen with `immutable: true` is
 * not watched any more (it cannot change; upstream does the same); its cached value is kept.
 * A reflector retries failures with backoff and relists after 410, so the cache converges.
 */
export class ObjectWatchManager<T extends KubeObject> {
  private readonly items = new Map<string, WatchedObject<T>>();
  private readonly clock: Clock;

  constructor(private readonly o: ObjectWatchManagerOptions<T>) {
    this.clock = o.clock ?? realClock;
    o.signal?.addEventListener('abort', () => this.stopAll(), { once: true });
  }

  /** Records that pod `podUid` uses `namespace/name`; starts its watch if it is the first user. */
  addReference(namespace: string, name: string, podUid: string): void {
    const key = `${namespace}/${name}`;
    let item = this.items.get(key);
    if (!item) {
      item = { pods: new Set(), stop: new AbortController(), obj: undefined, synced: false, frozen: false, waiters: [] };
      this.items.set(key, item);
      this.start(namespace, name, item);
    }
    item.pods.add(podUid);
  }

  /** Drops pod `podUid`'s use of `namespace/name`; the last user stops the watch. */
  deleteReference(namespace: string, name: string, podUid: string): void {
    const key = `${namespace}/${name}`;
    const item = this.items.get(key);
    if (!item) return;
    item.pods.delete(podUid);
    if (item.pods.size > 0) return;
    item.stop.abort();
    this.items.delete(key);
    this.o.logger.debug(`stopped watching ${this.o.kind}`, { object: key });
  }

  /** Whether some pod references `namespace/name` (its value comes from the watch). */
  isRegistered(namespace: string, name: string): boolean {
    return this.items.has(`${namespace}/${name}`);
  }

  /** Keys (`ns/name`) of the objects watched now, sorted. */
  watched(): string[] {
    return [...this.items.entries()].filter(([, i]) => !i.frozen).map(([k]) => k).sort();
  }

  /**
   * The object from its watch's cache; undefined = it does not exist. Waits for the first list
   * of a new watch (at most `syncTimeoutMs`, then {@link ObjectCacheSyncError}).
   * @throws Error when no pod references the object (register first).
   */
  async get(namespace: string, name: string): Promise<T | undefined> {
    const key = `${namespace}/${name}`;
    const item = this.items.get(key);
    if (!item) throw new Error(`${this.o.kind} "${key}" not registered`);
    if (!item.synced) await this.waitSynced(key, item);
    return item.obj;
  }

  /** Stops every watch (the manager is unusable afterwards). */
  stopAll(): void {
    for (const item of this.items.values()) item.stop.abort();
    this.items.clear();
  }

  private start(namespace: string, name: string, item: WatchedObject<T>): void {
    const key = `${namespace}/${name}`;
    const set = (obj: T | undefined): void => {
      item.obj = obj;
      if (obj && (obj as { immutable?: boolean }).immutable === true && !item.frozen) {
        item.frozen = true;
        item.stop.abort();
        this.o.logger.debug(`${this.o.kind} is immutable; not watching it any more`, { object: key });
      }
    };
    const reflector = new Reflector<T>(
      this.o.listerWatcher(namespace, name),
      {
        replace: (items) => {
          set(items.find((i) => i.metadata?.name === name));
          item.synced = true;
          for (const w of item.waiters.splice(0)) w();
        },
        apply: (type, obj) => {
          if (obj.metadata?.name === name) set(type === 'DELETED' ? undefined : obj);
        },
      },
      { name: `${this.o.kind} ${key}`, clock: this.clock, logger: this.o.logger, ...(this.o.backoffInitialMs !== undefined ? { backoffInitialMs: this.o.backoffInitialMs } : {}) },
    );
    this.o.logger.debug(`watching ${this.o.kind}`, { object: key });
    reflector.run(item.stop.signal).catch((err: unknown) => this.o.logger.warn(`${this.o.kind} watch stopped`, { object: key, err: err instanceof Error ? err.message : String(err) }));
  }

  private waitSynced(key: string, item: WatchedObject<T>): Promise<void> {
    const timeoutMs = this.o.syncTimeoutMs ?? 5000;
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        this.clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.clock.setTimeout(() => {
        item.waiters = item.waiters.filter((w) => w !== done);
        reject(new ObjectCacheSyncError(`failed to sync ${this.o.kind} cache for "${key}": timed out waiting for the condition`));
      }, timeoutMs);
      item.waiters.push(done);
    });
  }
}
