import { RESOURCES } from '@tskube/api-types';
import type { Event } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { EventCorrelator } from './event-correlator';
import type { EventClock } from './event-correlator';
import type { ObjectClient } from './object-client';

/** True for a 404 from the apiserver (the ApiError shape of @tskube/client and the fakes). */
const isNotFound = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 404;

/** Upstream's broadcaster queue length (maxQueuedEvents): newer events are dropped beyond it. */
export const MAX_QUEUED_EVENTS = 1000;

/** Options of an {@link EventBroadcaster}. */
export interface EventBroadcasterOptions {
  client: ObjectClient;
  logger: Logger;
  /** Event writes on the wire at once (upstream's sink writes one at a time); default 1. */
  inFlight?: number;
  /** Events waiting beyond those; default {@link MAX_QUEUED_EVENTS}. */
  maxQueued?: number;
  clock?: EventClock;
  /** The correlator (aggregation, dedup, spam filter); default one with upstream's settings on `clock`. */
  correlator?: EventCorrelator;
}

/**
 * One per component, as upstream's EventBroadcaster with its sink: recorders `enqueue` Events,
 * at most `maxQueued` wait (further ones are dropped, counted and logged once per `maxQueued`),
 * and at most `inFlight` are written at once. Just before its write each event goes through the
 * {@link EventCorrelator}: spam is skipped, a repeat becomes a strategic-merge PATCH of the
 * existing Event's count/lastTimestamp/message (a create again if that Event is gone), anything
 * else a create. Writes of the same Event are kept in order. Failures are logged, never thrown:
 * events are best effort and must not hold up the component's real work.
 */
export class EventBroadcaster {
  private readonly waiting: Event[] = [];
  private readonly pending = new Map<string, Promise<void>>();
  private readonly correlator: EventCorrelator;
  private readonly inFlight: number;
  private readonly maxQueued: number;
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  /** Events dropped because the queue was full. */
  dropped = 0;
  /** Events skipped by the spam filter. */
  filtered = 0;

  constructor(private readonly o: EventBroadcasterOptions) {
    this.correlator = o.correlator ?? new EventCorrelator(o.clock ?? Date);
    this.inFlight = o.inFlight ?? 1;
    this.maxQueued = o.maxQueued ?? MAX_QUEUED_EVENTS;
  }

  /** Queues `ev` for writing; drops it when `maxQueued` are already waiting. Never throws. */
  enqueue(ev: Event): void {
    if (this.waiting.length >= this.maxQueued) {
      if (this.dropped++ % this.maxQueued === 0) this.o.logger.warn('event queue full; dropping events', { queued: this.waiting.length, dropped: this.dropped });
      return;
    }
    this.waiting.push(ev);
    this.pump();
  }

  /** Resolves once nothing waits or is in flight (for tests and orderly shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private pump(): void {
    while (this.running < this.inFlight) {
      const ev = this.waiting.shift();
      if (!ev) break;
      this.running++;
      void this.write(ev).finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.waiting.length === 0) for (const r of this.idleWaiters.splice(0)) r();
      });
    }
  }

  private async write(ev: Event): Promise<void> {
    const r = this.correlator.correlate(ev);
    if (r.skip) {
      this.filtered++;
      return;
    }
    const name = r.event.metadata?.name ?? '';
    const namespace = r.event.metadata?.namespace ?? 'default';
    const key = `${namespace}/${name}`;
    const prev = this.pending.get(key);
    const done = (prev ?? Promise.resolve()).then(() => this.send(r.event, r.patch));
    this.pending.set(key, done);
    await done;
    if (this.pending.get(key) === done) this.pending.delete(key);
  }

  private async send(ev: Event, patch: { count: number; lastTimestamp: string; message: string } | undefined): Promise<void> {
    const namespace = ev.metadata?.namespace ?? 'default';
    const what = { reason: ev.reason, object: `${ev.involvedObject.namespace ?? ''}/${ev.involvedObject.name ?? ''}` };
    try {
      let stored: Event | undefined;
      if (patch) {
        try {
          stored = await this.o.client.patch<Event>(RESOURCES.events, ev.metadata?.name ?? '', patch, { namespace, type: 'strategic' });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      // upstream: create when new, or when the Event to patch is gone (resourceVersion cleared)
      if (!stored) {
        const { resourceVersion: _rv, ...metadata } = ev.metadata ?? {};
        stored = await this.o.client.create<Event>(RESOURCES.events, { ...ev, metadata }, { namespace });
      }
      this.correlator.updateState(stored);
    } catch (err) {
      this.o.logger.warn('failed to record event', { ...what, err: String(err) });
    }
  }
}
