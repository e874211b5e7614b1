import type { KubeObject } from '@tskube/api-types';
import { parseRevision } from '../codec';
import { listSemantics } from '../list-semantics';
import type { DeleteOptions, ListOptions, ListResult, Storage, StorageEvent, UpdateOptions, WatchOptions } from '../types';
import { Cacher } from './cacher';
import type { CacherOptions } from './cacher';

export interface CachedStorageOptions extends CacherOptions {
  /** Resource prefixes to cache, e.g. `/registry/pods/` (everything else goes straight to the store). */
  prefixes: string[];
  /** How long a NotOlderThan list waits for the cache to catch up before reading the store (default 250 ms). */
  freshnessWaitMs?: number;
}

/**
 * Storage with a watch cache in front (upstream's cacher decorator): writes, gets,
 * consistent lists, exact lists and continue pages go to the wrapped store; watches and
 * `resourceVersion=0` / NotOlderThan lists under a cached prefix are served from one
 * {@link Cacher} per prefix. The Storage contract is unchanged except that a watch from a
 * revision older than the cache's window fails with ExpiredError (410) as upstream.
 */
export class CachedStorage implements Storage {
  private readonly cachers: Cacher[];

  constructor(
    readonly inner: Storage,
    private readonly opts: CachedStorageOptions,
  ) {
    this.cachers = opts.prefixes.map((p) => new Cacher(inner, p, opts));
  }

  /** Fills every cache (call at startup so windows start early; otherwise caches fill lazily). */
  async start(): Promise<void> {
    await Promise.all(this.cachers.map((c) => c.ready()));
  }

  /** The cacher serving `prefix`, if any. */
  cacherFor(prefix: string): Cacher | undefined {
    return this.cachers.find((c) => prefix.startsWith(c.prefix));
  }

  create(key: string, obj: KubeObject): Promise<KubeObject> {
    return this.inner.create(key, obj);
  }

  get(key: string): Promise<KubeObject | undefined> {
    return this.inner.get(key);
  }

  /** The watch cache's copy of `key` (may lag the store by the watch latency); undefined if not cached. */
  getCached(key: string): KubeObject | undefined {
    return this.cacherFor(key)?.get(key);
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const cacher = this.cacherFor(prefix);
    if (!cacher || opts.continue) return this.inner.list(prefix, opts);
    const sem = listSemantics(opts);
    if (sem.kind === 'any') {
      await cacher.ready();
      return cacher.list(prefix, opts);
    }
    if (sem.kind === 'notOlderThan' && (await cacher.waitUntilFresh(sem.rv, this.opts.freshnessWaitMs ?? 250))) return cacher.list(prefix, opts);
    return this.inner.list(prefix, opts);
  }

  guaranteedUpdate(key: string, tryUpdate: (cur: KubeObject | undefined) => KubeObject | Promise<KubeObject>, opts?: UpdateOptions): Promise<KubeObject> {
    return this.inner.guaranteedUpdate(key, tryUpdate, opts);
  }

  delete(key: string, opts?: DeleteOptions): Promise<KubeObject> {
    return this.inner.delete(key, opts);
  }

  watch(prefix: string, opts: WatchOptions): AsyncIterable<StorageEvent> {
    const cacher = this.cacherFor(prefix);
    if (!cacher) return this.inner.watch(prefix, opts);
    // "From now" is fixed at call time (as the backends do), not when iteration starts.
    const from = parseRevision(opts.resourceVersion) || cacher.revision;
    return {
      [Symbol.asyncIterator]: async function* () {
        yield* await cacher.watch(prefix, from, opts.signal);
      },
    };
  }

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  compact(revision: number): Promise<void> {
    return this.inner.compact(revision);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async close(): Promise<void> {
    for (const c of this.cachers) c.stop();
    await this.inner.close();
  }
}
