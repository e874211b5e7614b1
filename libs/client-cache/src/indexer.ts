/**
 * A keyed store with secondary indexes (client-go `cache.Indexer` / `threadSafeMap`).
 * Reads return the cached objects themselves: they are shared, so treat them as readonly and
 * clone before mutating. Indexes are kept consistent on every mutation.
 */
import type { KubeObject } from '@tskube/api-types';
import { objectKey } from '@tskube/api-types';
import type { KeyFunc, Store } from './store';

/** Maps an object to the index values it is filed under (may be several, or none). */
export type IndexFunc<T> = (obj: T) => string[];

/** Read-only view of the cache. Results are fresh arrays of shared (readonly) objects. */
export interface Indexer<T> {
  get(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** Objects whose index `indexName` contains `value`. @throws Error for an unknown index. */
  byIndex(indexName: string, value: string): T[];
}

/** Name of the built-in index over metadata.namespace. */
export const NAMESPACE_INDEX = 'namespace';

/** The built-in namespace index function (cluster-scoped objects are filed under ''). */
export function namespaceIndexFunc(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/** Store + Indexer implementation. Every instance has the {@link NAMESPACE_INDEX}. */
export class IndexedStore<T extends KubeObject> implements Store<T>, Indexer<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly keyFunc: KeyFunc<T> = objectKey) {
    this.addIndexers({ [NAMESPACE_INDEX]: namespaceIndexFunc });
  }

  /** Adds indexes; existing items are indexed immediately. @throws Error if a name is taken. */
  addIndexers(ix: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(ix)) {
      if (this.indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
      this.indexers.set(name, fn);
      this.indices.set(name, new Map());
      for (const [key, obj] of this.items) this.indexOne(name, fn, key, obj);
    }
  }

  add(obj: T): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) this.indexOne(name, fn, key, obj);
  }

  update(obj: T): void {
    this.add(obj);
  }

  delete(obj: T): void {
    this.deleteKey(this.keyFunc(obj));
  }

  /** Removes a key (no-op when absent). */
  deleteKey(key: string): void {
    const old = this.items.get(key);
    if (!old) return;
    this.unindex(key, old);
    this.items.delete(key);
  }

  replace(items: readonly T[]): void {
    this.items.clear();
    for (const m of this.indices.values()) m.clear();
    for (const obj of items) this.add(obj);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((k) => this.items.get(k) as T);
  }

  /** Keys filed under `value` in index `indexName`. @throws Error for an unknown index. */
  indexKeys(indexName: string, value: string): string[] {
    const idx = this.indices.get(indexName);
    if (!idx) throw new Error(`index with name ${indexName} does not exist`);
    return [...(idx.get(value) ?? [])];
  }

  private indexOne(name: string, fn: IndexFunc<T>, key: string, obj: T): void {
    const idx = this.indices.get(name) as Map<string, Set<string>>;
    for (const v of fn(obj)) {
      let set = idx.get(v);
      if (!set) idx.set(v, (set = new Set()));
      set.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name) as Map<string, Set<string>>;
      for (const v of fn(obj)) {
        const set = idx.get(v);
        set?.delete(key);
        if (set?.size === 0) idx.delete(v);
      }
    }
  }
}
