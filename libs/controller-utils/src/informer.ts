import type { KubeObject } from '@tskube/api-types';
import type { Lister } from './object-client';

/**
 * The part of `@tskube/client-cache`'s SharedIndexInformer the controllers use (structural, so
 * tests can hand in a fake). Handlers must only enqueue keys; objects are shared and readonly.
 */
export interface EventHandler<T> {
  onAdd?(obj: Readonly<T>, isInInitialList: boolean): void;
  onUpdate?(oldObj: Readonly<T>, newObj: Readonly<T>): void;
  onDelete?(obj: Readonly<T> | { key: string; obj: T }): void;
}

export interface InformerLike<T extends KubeObject> {
  addEventHandler(h: EventHandler<T>): unknown;
  getIndexer(): Lister<T>;
  hasSynced(): boolean;
}

/** The object of a delete notification, unwrapping a DeletedFinalStateUnknown tombstone. */
export function unwrapDeleted<T extends KubeObject>(obj: Readonly<T> | { key: string; obj: T }): Readonly<T> {
  if ('key' in obj && 'obj' in obj && typeof obj.key === 'string') return obj.obj;
  return obj as Readonly<T>;
}

/** Resolves once every informer has synced, or false when `signal` aborts first. */
export async function waitForSync(informers: ReadonlyArray<{ hasSynced(): boolean }>, signal: AbortSignal): Promise<boolean> {
  while (!informers.every((i) => i.hasSynced())) {
    if (signal.aborted) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
