/**
 * The store side of the cache (client-go `cache.Store`): objects by key, plus the tombstone
 * type delivered for deletions the informer could not observe directly.
 */
import { objectKey } from '@tskube/api-types';
import type { KubeObject } from '@tskube/api-types';

/**
 * Delivered to onDelete when an object vanished while the watch was down (found missing on
 * relist). `obj` is the last state the cache knew, which may be stale.
 * @example const pod = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
 */
export class DeletedFinalStateUnknown<T> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** Computes an object's store key. */
export type KeyFunc<T> = (obj: T) => string;

/** Key of an object or of a tombstone (client-go `DeletionHandlingMetaNamespaceKeyFunc`). */
export function deletionHandlingKey<T extends KubeObject>(obj: T | DeletedFinalStateUnknown<T>): string {
  return obj instanceof DeletedFinalStateUnknown ? obj.key : objectKey(obj);
}

/** The object itself, unwrapping a tombstone. */
export function unwrapTombstone<T>(obj: T | DeletedFinalStateUnknown<T>): T {
  return obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
}

/**
 * A mutable keyed store. Only the informer mutates its store; consumers read through
 * {@link Indexer}. Stored objects are treated as immutable: replace, never modify in place.
 */
export interface Store<T> {
  /** Inserts or replaces the object under its key. */
  add(obj: T): void;
  update(obj: T): void;
  /** Removes the object's key (no-op when absent). */
  delete(obj: T): void;
  /** Replaces the whole content with `items`. */
  replace(items: readonly T[]): void;
  get(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
}
