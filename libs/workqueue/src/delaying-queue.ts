/**
 * A work queue that can add items later (client-go `DelayingInterface`). Delays run on the
 * injected clock. If the same item is scheduled twice, the earlier ready time wins.
 */
import { WorkQueue } from './queue';

/** WorkQueue plus {@link DelayingQueue.addAfter}. */
export class DelayingQueue<T> extends WorkQueue<T> {
  private readonly waiting = new Map<T, { readyAt: number; handle: unknown }>();

  /** Adds `item` after `ms` milliseconds (`ms <= 0`: now). Ignored after shutDown(). */
  addAfter(item: T, ms: number): void {
    if (this.isShuttingDown()) return;
    if (ms <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const existing = this.waiting.get(item);
    if (existing) {
      if (existing.readyAt <= readyAt) return;
      this.clock.clearTimeout(existing.handle);
    }
    const handle = this.clock.setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, ms);
    this.waiting.set(item, { readyAt, handle });
  }

  /** Items waiting for their delay to pass (for tests and metrics). */
  waitingLen(): number {
    return this.waiting.size;
  }

  protected override onShutDown(): void {
    for (const { handle } of this.waiting.values()) this.clock.clearTimeout(handle);
    this.waiting.clear();
  }
}
