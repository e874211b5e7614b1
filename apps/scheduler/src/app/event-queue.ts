import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { ObjectClient } from '@tskube/controller-utils';
import { Limiter } from './limiter';

/** Event creates on the wire at once (a small share of the apiserver next to the bindings). */
export const EVENT_WRITES_IN_FLIGHT = 4;
/** Events waiting beyond those; newer ones are dropped (upstream's broadcaster queue length). */
export const MAX_QUEUED_EVENTS = 1000;

/**
 * The client under the scheduler's event recorder, shaped like upstream's event broadcaster
 * sink: Event creates go out at most `inFlight` at a time, at most `maxQueued` wait, and beyond
 * that an event is dropped as upstream's broadcaster drops events when its queue is full —
 * events are best effort, and a burst of `Scheduled` events must not hold up the bindings that
 * share the apiserver. A dropped event's create resolves at once without sending anything (so
 * the recorder does not log each one; upstream drops silently); drops are counted and logged
 * once per `maxQueued` of them. Every other call passes straight through.
 */
export class QueuedEventClient implements ObjectClient {
  private readonly limiter: Limiter;
  private readonly maxQueued: number;
  /** Events dropped because the queue was full. */
  dropped = 0;

  constructor(
    private readonly inner: ObjectClient,
    private readonly logger: Logger,
    o: { inFlight?: number; maxQueued?: number } = {},
  ) {
    this.limiter = new Limiter(o.inFlight ?? EVENT_WRITES_IN_FLIGHT);
    this.maxQueued = o.maxQueued ?? MAX_QUEUED_EVENTS;
  }

  create<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { namespace?: string; subresource?: string; name?: string }): Promise<T> {
    if (res !== RESOURCES.events) return this.inner.create(res, obj, opts);
    if (this.limiter.queued >= this.maxQueued) {
      if (this.dropped++ % this.maxQueued === 0) this.logger.warn('event queue full; dropping events', { queued: this.limiter.queued, dropped: this.dropped });
      return Promise.resolve(obj);
    }
    return this.limiter.run(() => this.inner.create(res, obj, opts));
  }

  get<T extends KubeObject>(res: ResourceInfo, name: string, opts?: { namespace?: string }): Promise<T> {
    return this.inner.get(res, name, opts);
  }

  update<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { subresource?: string }): Promise<T> {
    return this.inner.update(res, obj, opts);
  }

  patch<T extends KubeObject>(res: ResourceInfo, name: string, patch: unknown, opts: { namespace?: string; subresource?: string; type: 'merge' | 'strategic' | 'json' | 'apply' }): Promise<T> {
    return this.inner.patch(res, name, patch, opts);
  }

  delete(res: ResourceInfo, name: string, opts?: Parameters<ObjectClient['delete']>[2]): Promise<KubeObject> {
    return this.inner.delete(res, name, opts);
  }
}
