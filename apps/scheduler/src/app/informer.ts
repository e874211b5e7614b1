import type { KubeObject } from '@tskube/api-types';

/**
 * The part of `@tskube/client-cache`'s SharedIndexInformer the scheduler uses (structural, so
 * tests can hand in a fake). Handlers run synchronously and must not block.
 */
export interface EventHandler<T> {
  onAdd?(obj: Readonly<T>, isInInitialList: boolean): void;
  onUpdate?(oldObj: Readonly<T>, newObj: Readonly<T>): void;
  onDelete?(obj: Readonly<T> | { key: string; obj: T }): void;
}

export interface InformerLike<T extends KubeObject> {
  addEventHandler(h: EventHandler<T>): unknown;
  getIndexer(): { get(key: string): T | undefined };
  hasSynced(): boolean;
}

/** The object of a delete notification, unwrapping a DeletedFinalStateUnknown tombstone. */
export function unwrapDeleted<T extends KubeObject>(obj: Readonly<T> | { key: string; obj: T }): Readonly<T> {
  if ('key' in obj && 'obj' in obj && typeof obj.key === 'string') return obj.obj;
  return obj as Readonly<T>;
}
