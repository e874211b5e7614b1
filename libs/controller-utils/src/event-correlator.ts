import type { Event } from '@tskube/api-types';

/** Time source of the correlator and recorder (ms since the epoch); tests inject a fake. */
export interface EventClock {
  now(): number;
}

/** Upstream's defaults (client-go tools/record/events_cache.go). */
export const EVENT_CORRELATOR_DEFAULTS = {
  /** Entries kept per cache (aggregator, dedup logger, spam filter), least recently used dropped. */
  cacheSize: 4096,
  /** Distinct messages for one aggregate key before they are combined. */
  maxEvents: 10,
  /** Window of the aggregator: a key not seen for this long starts over. */
  maxIntervalMs: 600_000,
  /** Spam filter token bucket per source+object: burst, and one token per `spamRefillMs`. */
  spamBurst: 25,
  spamRefillMs: 300_000,
} as const;

/** Prefix upstream gives an aggregated event's message. */
export const COMBINED_PREFIX = '(combined from similar events): ';

/**
 * What to do with an event: `skip` (spam filtered), or write `event` — as a PATCH of the
 * existing Event `event.metadata.name` with `patch` when set (dedup), else as a create.
 */
export interface CorrelateResult {
  event: Event;
  patch?: { count: number; lastTimestamp: string; message: string };
  skip: boolean;
}

/** A Map bounded to `size` entries that drops the least recently used. */
class Lru<V> {
  private readonly m = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(k: string): V | undefined {
    const v = this.m.get(k);
    if (v !== undefined) { this.m.delete(k); this.m.set(k, v); }
    return v;
  }
  set(k: string, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    if (this.m.size > this.size) { const first = this.m.keys().next(); if (!first.done) this.m.delete(first.value); }
  }
}

const src = (e: Event): string[] => [e.source?.component ?? '', e.source?.host ?? ''];
const obj = (e: Event): string[] => {
  const o = e.involvedObject;
  return [o.kind ?? '', o.namespace ?? '', o.name ?? '', o.uid ?? '', o.apiVersion ?? ''];
};
/** Upstream getSpamKey: source and object and type. */
const spamKey = (e: Event): string => [...src(e), ...obj(e), e.type ?? ''].join('');
/** Upstream EventAggregatorByReasonFunc: everything but the message (the message is the local key). */
const aggregateKey = (e: Event): string => [...src(e), ...obj(e), e.type ?? '', e.reason ?? '', e.reportingComponent ?? '', e.reportingInstance ?? ''].join('');
/** Upstream getEventKey: an identical event has an identical key. */
const eventKey = (e: Event): string => [...src(e), ...obj(e), e.involvedObject.fieldPath ?? '', e.type ?? '', e.reason ?? '', e.message ?? ''].join('');

/** `<object>.<hex nanoseconds>`, upstream's event name; `seq` keeps names unique within one ms. */
export function eventName(objectName: string, nowMs: number, seq: number): string {
  return `${objectName}.${(BigInt(nowMs) * 1_000_000n + BigInt(seq % 1_000_000)).toString(16)}`;
}

/**
 * Upstream's EventCorrelator for one component: the aggregator (more than `maxEvents` distinct
 * messages for one object+reason within `maxIntervalMs` become one "(combined from similar
 * events)" event), the dedup logger (an event identical to one already written becomes a patch
 * of that Event's count/lastTimestamp/message) and the spam filter (a token bucket per
 * source+object). Pure bookkeeping: no I/O, time from the injected clock. `correlate` is called
 * just before the write, `updateState` with the server's answer after it.
 */
export class EventCorrelator {
  private readonly aggregates: Lru<{ localKeys: Set<string>; lastMs: number }>;
  private readonly observed: Lru<{ count: number; firstTimestamp: string; name: string; resourceVersion: string }>;
  private readonly buckets: Lru<{ tokens: number; atMs: number }>;
  private readonly o: typeof EVENT_CORRELATOR_DEFAULTS;
  private seq = 0;

  constructor(private readonly clock: EventClock, o: Partial<typeof EVENT_CORRELATOR_DEFAULTS> = {}) {
    this.o = { ...EVENT_CORRELATOR_DEFAULTS, ...o };
    this.aggregates = new Lru(this.o.cacheSize);
    this.observed = new Lru(this.o.cacheSize);
    this.buckets = new Lru(this.o.cacheSize);
  }

  /** Decides how `input` goes on the wire; never mutates `input`. */
  correlate(input: Event): CorrelateResult {
    const { event, key } = this.aggregate(input);
    const last = this.observed.get(key);
    let result: CorrelateResult;
    if (last && last.count > 0) {
      const count = last.count + 1;
      const merged: Event = { ...event, count, firstTimestamp: last.firstTimestamp, metadata: { ...event.metadata, name: last.name, resourceVersion: last.resourceVersion } };
      result = { event: merged, patch: { count, lastTimestamp: event.lastTimestamp ?? '', message: event.message ?? '' }, skip: false };
    } else {
      result = { event, skip: false };
    }
    this.observed.set(key, { count: result.event.count ?? 1, firstTimestamp: result.event.firstTimestamp ?? '', name: result.event.metadata?.name ?? '', resourceVersion: result.event.metadata?.resourceVersion ?? '' });
    result.skip = !this.allow(result.event);
    return result;
  }

  /**
   * Records what the server stored (name, resourceVersion, count) for later dedup patches; a
   * count never goes back (a later repeat may already have been correlated while this was sent).
   */
  updateState(stored: Event): void {
    const key = eventKey(stored);
    const seen = this.observed.get(key)?.count ?? 0;
    this.observed.set(key, { count: Math.max(seen, stored.count ?? 1), firstTimestamp: stored.firstTimestamp ?? '', name: stored.metadata?.name ?? '', resourceVersion: stored.metadata?.resourceVersion ?? '' });
  }

  /** Upstream EventAggregate: returns the event (or its combined form) and the dedup key to use. */
  private aggregate(e: Event): { event: Event; key: string } {
    const now = this.clock.now();
    const akey = aggregateKey(e);
    let rec = this.aggregates.get(akey);
    if (!rec || now - rec.lastMs > this.o.maxIntervalMs) rec = { localKeys: new Set(), lastMs: now };
    rec.lastMs = now;
    rec.localKeys.add(e.message ?? '');
    this.aggregates.set(akey, rec);
    if (rec.localKeys.size < this.o.maxEvents) return { event: e, key: eventKey(e) };
    const drop = rec.localKeys.values().next();
    if (!drop.done) rec.localKeys.delete(drop.value); // stay at maxEvents - 1 + the newest, as upstream
    const ts = new Date(now).toISOString();
    const combined: Event = {
      ...e,
      metadata: { ...e.metadata, name: eventName(e.involvedObject.name ?? '', now, this.seq++) },
      message: COMBINED_PREFIX + (e.message ?? ''),
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
    };
    return { event: combined, key: akey };
  }

  /** Upstream spam filter: token bucket per source+object, `spamBurst` tokens, one per `spamRefillMs`. */
  private allow(e: Event): boolean {
    const now = this.clock.now();
    const k = spamKey(e);
    const b = this.buckets.get(k) ?? { tokens: this.o.spamBurst, atMs: now };
    b.tokens = Math.min(this.o.spamBurst, b.tokens + (now - b.atMs) / this.o.spamRefillMs);
    b.atMs = now;
    this.buckets.set(k, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
