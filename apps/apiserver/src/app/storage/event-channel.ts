/**
 * An unbounded async queue bridging push-style sources (etcd watcher callbacks, the memory
 * log) to an AsyncIterable. `fail(err)` makes the next pull throw; `close()` ends iteration
 * after the buffered items are drained.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  private readonly buf: T[] = [];
  private waiter: (() => void) | undefined;
  private error: Error | undefined;
  private closed = false;

  push(item: T): void {
    if (this.closed) return;
    this.buf.push(item);
    this.wake();
  }

  fail(err: unknown): void {
    if (this.closed) return;
    this.error = err instanceof Error ? err : new Error(String(err));
    this.closed = true;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.buf.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.error !== undefined) throw this.error;
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}
