import type { StorageEvent } from '../types';

/**
 * One client watch fed by a Cacher: a bounded buffer between the cacher's single dispatch
 * loop and one consumer. `offer()` never blocks: when the buffer is full the watcher is
 * terminated (it drains what it holds, then its stream ends cleanly so the client re-watches
 * from its last resourceVersion) — one slow consumer can never stall the others.
 */
export class CacheWatcher implements AsyncIterable<StorageEvent> {
  private readonly buf: StorageEvent[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;
  /** True once the watcher was cut off for falling behind. */
  overflowed = false;
  /** Revision of the last BOOKMARK sent; starts at the watch's start (a bookmark there tells the client nothing). */
  private lastBookmark: number;
  /** Current bound: `capacity` plus the replayed backlog until it has been consumed. */
  private limit: number;

  /**
   * @param prefix only events whose object key starts with it are accepted (a namespace).
   * @param fromRevision only events with a greater revision are accepted.
   * @param capacity max buffered events before the watcher is cut off.
   * @param onClose called once when the watcher ends (the cacher unregisters it).
   */
  constructor(
    readonly prefix: string,
    private fromRevision: number,
    readonly capacity: number,
    private readonly onClose: (w: CacheWatcher) => void,
  ) {
    this.limit = capacity;
    this.lastBookmark = fromRevision;
  }

  /** Queues the window's backlog for a resuming watch; it does not count against `capacity`. */
  replay(events: readonly StorageEvent[]): void {
    for (const ev of events) {
      if (ev.revision <= this.fromRevision || !(ev.key ?? '').startsWith(this.prefix)) continue;
      this.buf.push(ev);
      this.fromRevision = ev.revision;
    }
    this.limit = this.capacity + this.buf.length;
    this.wake();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Offers one event (filtered by key prefix and revision). Returns false if the watcher is (now) closed. */
  offer(key: string, ev: StorageEvent): boolean {
    if (this.closed) return false;
    if (ev.type === 'BOOKMARK') {
      if (ev.revision < this.fromRevision || ev.revision <= this.lastBookmark) return true; // nothing new to report
      this.lastBookmark = ev.revision;
    } else if (ev.revision <= this.fromRevision || !key.startsWith(this.prefix)) return true;
    if (this.buf.length >= this.limit) {
      this.overflowed = true;
      this.close();
      return false;
    }
    this.fromRevision = ev.revision;
    this.buf.push(ev);
    this.wake();
    return true;
  }

  /** Ends the stream after the buffered events. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StorageEvent> {
    try {
      for (;;) {
        const item = this.buf.shift();
        if (this.buf.length < this.capacity) this.limit = this.capacity;
        if (item !== undefined) {
          yield item;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    } finally {
      this.close();
    }
  }
}
