import { RESOURCES } from '@tskube/api-types';
import type { Event } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { clockSleep, realClock } from '@tskube/workqueue';
import type { Clock } from '@tskube/workqueue';
import { EventCorrelator } from './event-correlator';
import type { EventClock } from './event-correlator';
import type { ObjectClient } from './object-client';

/** True for a 404 from the apiserver (the ApiError shape of @tskube/client and the fakes). */
const isNotFound = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 404;

/**
 * True when the apiserver answered with a Status (numeric HTTP `code`, as ApiError of
 * @tskube/client and the fakes carry): upstream's StatusError, which recordEvent never retries.
 * Node's transport errors carry a string `code` ('ECONNREFUSED') and are retried.
 */
const isServerAnswer = (err: unknown): boolean => typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number';

/** Upstream's broadcaster queue length (maxQueuedEvents): newer events are dropped beyond it. */
export const MAX_QUEUED_EVENTS = 1000;

/** Upstream's retry of one Event write (client-go tools/record maxTriesPerEvent, defaultSleepDuration). */
export const EVENT_WRITE_RETRY = {
  /** Attempts per event (the first included) before it is abandoned. */
  maxTries: 12,
  /** Wait between attempts; the first wait is a random fraction of it so clients spread out. */
  sleepMs: 10_000,
} as const;

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
  /** Timers of the waits between write attempts; default realClock (specs pass a FakeClock). */
  retryClock?: Clock;
  /** Source of the first wait's random fraction, in [0, 1); default Math.random. */
  random?: () => number;
  /** Overrides of {@link EVENT_WRITE_RETRY}. */
  maxTries?: number;
  retrySleepMs?: number;
}

/**
 * One per component, as upstream's EventBroadcaster with its sink: recorders `enqueue` Events,
 * at most `maxQueued` wait (further ones are dropped, counted and logged once per `maxQueued`),
 * and at most `inFlight` are written at once. Just before its write each event goes through the
 * {@link EventCorrelator}: spam is skipped, a repeat becomes a strategic-merge PATCH of the
 * existing Event's count/lastTimestamp/message (a create again if that Event is gone), anything
 * else a create. Writes of the same Event are kept in order. Failures are logged, never thrown:
 * events are best effort and must not hold up the component's real work.
 *
 * Retries as upstream's recordToSink: a write that fails without an answer from the apiserver
 * (connection refused, reset, timeout) is tried again up to `maxTries` in all, the first retry
 * after a random fraction of `retrySleepMs` and the others after `retrySleepMs`, then abandoned
 * (counted in `abandoned`). An answer (any Status: invalid, forbidden, AlreadyExists, 5xx) is
 * final and never retried. A retrying event keeps its write slot, so with a dead apiserver
 * memory stays bounded at `inFlight` events retrying plus `maxQueued` waiting; newer ones are
 * dropped, exactly as upstream's blocked sink fills its 1,000-event channel.
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
  /** Events given up after `maxTries` failed writes. */
  abandoned = 0;
  private readonly stopped = new AbortController();

  constructor(private readonly o: EventBroadcasterOptions) {
    this.correlator = o.correlator ?? new EventCorrelator(o.clock ?? Date);
    this.inFlight = o.inFlight ?? 1;
    this.maxQueued = o.maxQueued ?? MAX_QUEUED_EVENTS;
  }

  /** Queues `ev` for writing; drops it when `maxQueued` are already waiting or after shutDown. Never throws. */
  enqueue(ev: Event): void {
    if (this.stopped.signal.aborted) return;
    if (this.waiting.length >= this.maxQueued) {
      if (this.dropped++ % this.maxQueued === 0) this.o.logger.warn('event queue full; dropping events', { queued: this.waiting.length, dropped: this.dropped });
      return;
    }
    this.waiting.push(ev);
    this.pump();
  }

  /**
   * Stops recording: waiting events are dropped, a write on the wire finishes, retry waits end
   * at once without another attempt, and later `enqueue` calls are ignored.
   */
  shutDown(): void {
    this.stopped.abort();
    this.waiting.length = 0;
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

  /** Writes one correlated event, retrying unanswered failures as upstream's recordToSink. */
  private async send(ev: Event, patch: { count: number; lastTimestamp: string; message: string } | undefined): Promise<void> {
    const maxTries = this.o.maxTries ?? EVENT_WRITE_RETRY.maxTries;
    const sleepMs = this.o.retrySleepMs ?? EVENT_WRITE_RETRY.sleepMs;
    for (let tries = 1; ; tries++) {
      if (await this.attempt(ev, patch)) return;
      if (tries >= maxTries) {
        this.abandoned++;
        this.o.logger.warn('unable to write event (retry limit exceeded)', { reason: ev.reason, name: ev.metadata?.name, tries });
        return;
      }
      const wait = tries === 1 ? sleepMs * (this.o.random ?? Math.random)() : sleepMs;
      await clockSleep(this.o.retryClock ?? realClock, wait, this.stopped.signal);
      if (this.stopped.signal.aborted) return;
    }
  }

  /**
   * One write (upstream recordEvent): PATCH when deduplicated, a create when new or when the
   * Event to patch is gone. True when done (written, or rejected by the server: final), false
   * when it should be retried.
   */
  private async attempt(ev: Event, patch: { count: number; lastTimestamp: string; message: string } | undefined): Promise<boolean> {
    const namespace = ev.metadata?.namespace ?? 'default';
    const what = { reason: ev.reason, object: `${ev.involvedObject.namespace ?? ''}/${ev.involvedObject.name ?? ''}` };
    let stored: Event | undefined;
    try {
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
    } catch (err) {
      if (isServerAnswer(err)) {
        const level = (err as { reason?: unknown }).reason === 'AlreadyExists' ? 'debug' : 'warn';
        this.o.logger.log(level, 'server rejected event (will not retry)', { ...what, err: String(err) });
        return true;
      }
      this.o.logger.warn('unable to write event (may retry after sleeping)', { ...what, err: String(err) });
      return false;
    }
    // written: the correlator learns the server's name/resourceVersion (a local fault here is no reason to write again)
    try {
      this.correlator.updateState(stored);
    } catch (err) {
      this.o.logger.warn('event written but not correlated', { ...what, err: String(err) });
    }
    return true;
  }
}
