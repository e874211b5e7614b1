import type { StorageEvent } from '../types';

/**
 * A sliding window over the most recent events of one resource (upstream watchCache's
 * cyclic buffer). It covers the revisions `(startRevision, lastRevision]`: every event in
 * that range is held, in order. Pushing past `capacity` evicts the oldest event and moves
 * `startRevision` up to its revision.
 */
export class WatchWindow {
  private readonly buf: (StorageEvent | undefined)[];
  private head = 0; // index of the oldest event
  private size = 0;

  /** @param startRevision the revision the cache was filled at (events after it follow). */
  constructor(
    readonly capacity: number,
    private start: number,
  ) {
    if (capacity < 1) throw new RangeError('window capacity must be >= 1');
    this.buf = new Array<StorageEvent | undefined>(capacity);
  }

  /** Events older than this revision are gone: a watch from below it must be told 410. */
  get startRevision(): number {
    return this.start;
  }

  get length(): number {
    return this.size;
  }

  /** Appends an event (revisions must increase). */
  push(ev: StorageEvent): void {
    if (this.size === this.capacity) {
      const old = this.buf[this.head]!;
      this.buf[this.head] = undefined;
      this.start = old.revision;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    this.buf[(this.head + this.size) % this.capacity] = ev;
    this.size++;
  }

  /**
   * The events with revision > `rv`, oldest first; undefined when `rv` is older than the
   * window (some events after it were evicted).
   */
  since(rv: number): StorageEvent[] | undefined {
    if (rv < this.start) return undefined;
    const out: StorageEvent[] = [];
    for (let i = 0; i < this.size; i++) {
      const ev = this.buf[(this.head + i) % this.capacity]!;
      if (ev.revision > rv) out.push(ev);
    }
    return out;
  }
}
