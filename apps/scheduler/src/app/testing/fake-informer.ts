import type { KubeObject } from '@tskube/api-types';
import type { EventHandler, InformerLike } from '../informer';

/** A synchronous informer for tests: `add/update/remove` update the store and call handlers. */
export class FakeInformer<T extends KubeObject> implements InformerLike<T> {
  private readonly items = new Map<string, T>();
  private readonly handlers: Array<EventHandler<T>> = [];
  private key = (o: T): string => (o.metadata?.namespace ? `${o.metadata.namespace}/` : '') + (o.metadata?.name ?? '');

  addEventHandler(h: EventHandler<T>): void {
    this.handlers.push(h);
  }
  getIndexer(): { get(key: string): T | undefined } {
    return { get: (k) => this.items.get(k) };
  }
  hasSynced(): boolean {
    return true;
  }
  add(o: T): void {
    this.items.set(this.key(o), o);
    for (const h of this.handlers) h.onAdd?.(o, false);
  }
  update(o: T): void {
    const old = this.items.get(this.key(o));
    this.items.set(this.key(o), o);
    for (const h of this.handlers) h.onUpdate?.(old ?? o, o);
  }
  remove(o: T): void {
    this.items.delete(this.key(o));
    for (const h of this.handlers) h.onDelete?.(o);
  }
}
