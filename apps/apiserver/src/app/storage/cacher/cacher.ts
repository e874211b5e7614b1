import type { KubeObject } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { encodeContinue, keyAfter } from '../continue-token';
import { ExpiredError } from '../errors';
import { shareObject } from '../shared-objects';
import type { ListResult, Storage, StorageEvent } from '../types';
import { CacheWatcher } from './cache-watcher';
import { SortedKeys } from './sorted-keys';
import { WatchWindow } from './watch-window';

export interface CacherOptions {
  /** Events kept for watches that resume from a recent resourceVersion (default 1000). */
  windowSize?: number;
  /** Events buffered per client watch before it is cut off (default 1000). */
  watcherBuffer?: number;
  /** How often idle watchers get a BOOKMARK with the cache's revision (default 10 s; 0 = never). */
  bookmarkIntervalMs?: number;
  logger?: Logger | undefined;
}

/**
 * The watch cache for one resource prefix (upstream `Cacher` + `watchCache`): one storage
 * watch fills an in-memory copy of every object plus a window of recent events, and fans
 * each event out to any number of {@link CacheWatcher}s.
 *
 * Contracts:
 * - `list()` answers from memory at `revision` (the last event applied); objects are shared
 *   between callers and read-only (marked with shareObject: deep-frozen under tests, their
 *   JSON encoded once for every list and watch that sends them).
 * - `revision` also advances without changes when the store reports progress (etcd progress
 *   notifications arrive as BOOKMARK events), so BOOKMARKs to clients carry fresh revisions.
 * - `watch(prefix, R)` yields exactly the events with revision > R under `prefix`, in order;
 *   R older than the window throws ExpiredError (410); R newer than the cache waits for it.
 * - When the storage watch breaks it is resumed from `revision`; when that revision is
 *   compacted the cache relists and every client watch ends (clients re-watch / relist).
 */
export class Cacher {
  private readonly objects = new Map<string, KubeObject>();
  private readonly sorted = new SortedKeys();
  private rev = 0;
  private window: WatchWindow | undefined;
  private readonly watchers = new Set<CacheWatcher>();
  private readonly freshWaiters = new Set<() => void>();
  private readyPromise: Promise<void> | undefined;
  private readonly ac = new AbortController();
  private bookmarkTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inner: Storage,
    readonly prefix: string,
    private readonly opts: CacherOptions = {},
  ) {}

  /** The revision the cached state is at (0 before the first fill). */
  get revision(): number {
    return this.rev;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** Fills the cache and starts following the store (idempotent; resolves once filled). */
  ready(): Promise<void> {
    this.readyPromise ??= this.fill().then(
      () => {
        void this.follow();
        const every = this.opts.bookmarkIntervalMs ?? 10000;
        if (every > 0) {
          this.bookmarkTimer = setInterval(() => this.bookmark(), every);
          this.bookmarkTimer.unref();
        }
      },
      (err: unknown) => {
        this.readyPromise = undefined; // let the next caller retry the fill
        throw err;
      },
    );
    return this.readyPromise;
  }

  private async fill(): Promise<void> {
    const res = await this.inner.list(this.prefix);
    this.objects.clear();
    for (const o of res.items) this.objects.set(keyOf(this.prefix, o), shareObject(o));
    this.sorted.reset(this.objects.keys());
    this.rev = Number(res.resourceVersion);
    this.window = new WatchWindow(this.opts.windowSize ?? 1000, this.rev);
  }

  /** The storage watch loop: apply, record, fan out; resume or relist on failure. */
  private async follow(): Promise<void> {
    let delay = 100;
    while (!this.ac.signal.aborted) {
      try {
        for await (const ev of this.inner.watch(this.prefix, { resourceVersion: String(this.rev), signal: this.ac.signal, withPrevObject: false })) {
          this.apply(ev);
          delay = 100;
        }
        if (this.ac.signal.aborted) return;
        this.opts.logger?.info('storage watch ended; resuming', { prefix: this.prefix, revision: this.rev });
      } catch (err) {
        if (this.ac.signal.aborted) return;
        this.opts.logger?.warn('storage watch failed', { prefix: this.prefix, revision: this.rev, err: err instanceof Error ? err.message : String(err) });
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
        if (err instanceof ExpiredError) await this.refill();
      }
    }
  }

  private async refill(): Promise<void> {
    for (const w of [...this.watchers]) w.close();
    try {
      await this.fill();
    } catch (err) {
      this.opts.logger?.warn('watch cache relist failed', { prefix: this.prefix, err: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Applies one storage event; the previous state comes from the cache itself, not the store. */
  private apply(raw: StorageEvent): void {
    if (raw.type === 'BOOKMARK') {
      if (raw.revision <= this.rev) return;
      this.rev = raw.revision;
      for (const w of this.watchers) w.offer('', raw);
      for (const wake of this.freshWaiters) wake();
      return;
    }
    const key = raw.key ?? keyOf(this.prefix, raw.object);
    const prev = this.objects.get(key);
    const ev: StorageEvent = { type: raw.type, key, object: shareObject(raw.object), prevObject: prev ?? raw.prevObject, revision: raw.revision };
    if (ev.type === 'DELETED') {
      this.objects.delete(key);
      this.sorted.delete(key);
    } else {
      this.objects.set(key, ev.object);
      if (!prev) this.sorted.add(key);
    }
    this.rev = Math.max(this.rev, ev.revision);
    this.window!.push(ev);
    for (const w of this.watchers) w.offer(key, ev);
    for (const wake of this.freshWaiters) wake();
  }

  private bookmark(): void {
    if (!this.watchers.size) return;
    const ev: StorageEvent = { type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.rev) } }, revision: this.rev };
    for (const w of this.watchers) w.offer('', ev);
  }

  /** The cached object at `key` (undefined before the first fill or when absent). */
  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  /** Resolves true once the cache reached `rv`, false after `timeoutMs`. */
  async waitUntilFresh(rv: number, timeoutMs: number): Promise<boolean> {
    await this.ready();
    if (this.rev >= rv) return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.freshWaiters.delete(check);
        resolve(ok);
      };
      const check = (): void => {
        if (this.rev >= rv) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.freshWaiters.add(check);
    });
  }

  /** Objects under `prefix` (sorted by key) at `revision`; a `limit` yields a continue token for the store. */
  list(prefix: string, opts: { limit?: number | undefined; predicate?: ((o: KubeObject) => boolean) | undefined } = {}): ListResult {
    const keys = this.sorted.range(prefix);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const items: KubeObject[] = [];
    let i = 0;
    for (; i < keys.length && items.length < limit; i++) {
      const o = this.objects.get(keys[i]!)!;
      if (!opts.predicate || opts.predicate(o)) items.push(o);
    }
    const res: ListResult = { items, resourceVersion: String(this.rev) };
    if (i < keys.length) {
      res.continue = encodeContinue(this.rev, keyAfter(keys[i - 1]!).slice(prefix.length));
      if (!opts.predicate) res.remainingItemCount = keys.length - i;
    }
    return res;
  }

  /**
   * A client watch under `prefix` from revision `from` (0 = from the cache's revision).
   * Throws ExpiredError when `from` is older than the window.
   */
  async watch(prefix: string, from: number, signal: AbortSignal): Promise<AsyncIterable<StorageEvent>> {
    await this.ready();
    const start = from || this.rev;
    const backlog = this.window!.since(start);
    if (!backlog) throw new ExpiredError(start, this.window!.startRevision);
    const w = new CacheWatcher(prefix, start, this.opts.watcherBuffer ?? 1000, (x) => this.watchers.delete(x));
    w.replay(backlog);
    this.watchers.add(w);
    if (signal.aborted) w.close();
    else signal.addEventListener('abort', () => w.close(), { once: true });
    return w;
  }

  /** Stops following the store and ends every client watch. */
  stop(): void {
    this.ac.abort();
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer);
    for (const w of [...this.watchers]) w.close();
  }
}

/** Key of an object under a resource prefix (fallback when an event carries no key). */
function keyOf(prefix: string, o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return `${prefix}${ns ? `${ns}/` : ''}${o.metadata?.name ?? ''}`;
}
