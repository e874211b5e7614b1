/**
 * The controller work queue (client-go `util/workqueue`): a FIFO with a *dirty* set (queued,
 * not yet handed out) and a *processing* set (handed out, `done()` not yet called).
 *
 * Guarantees:
 * - An item is never handed to two workers at once.
 * - Adding an item that is already queued is a no-op (de-duplication).
 * - Adding an item that is being processed marks it dirty; it is queued again on `done()`.
 * - Items come out in the order they were (first) queued; waiting `get()` callers are served FIFO.
 *
 * Items are compared with SameValueZero (Set semantics): use strings (object keys), not objects.
 */
import type { Clock } from './clock';
import { realClock } from './clock';

/** Options every queue constructor takes. */
export interface QueueOptions {
  /** Name for logs and metrics. */
  name?: string;
  /** Time source; defaults to {@link realClock}. */
  clock?: Clock;
}

interface Waiter<T> {
  resolve(v: T | undefined): void;
  cleanup(): void;
}

/**
 * FIFO with dirty/processing sets: an item is never handed to two workers at once; re-adds
 * while processing are queued after done().
 * @example
 * const q = new WorkQueue<string>();
 * q.add('default/web');
 * for (let key; (key = await q.get(signal)) !== undefined; ) { try { await sync(key); } finally { q.done(key); } }
 */
export class WorkQueue<T> {
  readonly name: string;
  protected readonly clock: Clock;
  private readonly queue: T[] = [];
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly waiters: Waiter<T>[] = [];
  private shuttingDown = false;

  constructor(o: QueueOptions = {}) {
    this.name = o.name ?? '';
    this.clock = o.clock ?? realClock;
  }

  /** Queues `item` unless it is already queued; ignored after shutDown(). */
  add(item: T): void {
    if (this.shuttingDown || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.queue.push(item);
    this.dispatch();
  }

  /**
   * Waits for the next item and marks it processing; the caller MUST call `done(item)` after.
   * Resolves `undefined` once the queue is shut down (even if items remain) or `signal` aborts.
   */
  get(signal?: AbortSignal): Promise<T | undefined> {
    if (this.shuttingDown || signal?.aborted) return Promise.resolve(undefined);
    const item = this.take();
    if (item !== undefined) return Promise.resolve(item.v);
    return new Promise<T | undefined>((resolve) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(undefined);
      };
      const w: Waiter<T> = { resolve, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(w);
    });
  }

  /** Marks `item` finished; if it was re-added meanwhile it is queued again now. */
  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item) && !this.shuttingDown) {
      this.queue.push(item);
      this.dispatch();
    }
  }

  /** Number of queued items (not counting those being processed). */
  len(): number {
    return this.queue.length;
  }

  /** Stops the queue: further adds are ignored and every pending and future get() resolves undefined. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.onShutDown();
    for (const w of this.waiters.splice(0)) {
      w.cleanup();
      w.resolve(undefined);
    }
  }

  /** True once shutDown() was called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Hook for subclasses (e.g. cancel delayed timers). */
  protected onShutDown(): void {}

  private take(): { v: T } | undefined {
    if (this.queue.length === 0) return undefined;
    const v = this.queue.shift() as T;
    this.dirty.delete(v);
    this.processing.add(v);
    return { v };
  }

  private dispatch(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) {
      const w = this.waiters.shift() as Waiter<T>;
      const item = this.take() as { v: T };
      w.cleanup();
      w.resolve(item.v);
    }
  }
}
