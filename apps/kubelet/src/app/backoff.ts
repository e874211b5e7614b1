/**
 * Per-key exponential backoff (upstream `flowcontrol.Backoff`), used for container restarts
 * (CrashLoopBackOff) and image pulls (ImagePullBackOff). An entry resets once it was idle for
 * twice the maximum delay.
 */
export class Backoff {
  private readonly entries = new Map<string, { delayMs: number; lastUpdate: number }>();
  private readonly now: () => number;
  constructor(private readonly opts: { initialMs: number; maxMs: number; now?: () => number }) {
    this.now = opts.now ?? Date.now;
  }

  /** Records an attempt at `eventTime` (default now) and grows the delay. */
  next(key: string, eventTime: number = this.now()): void {
    const e = this.entries.get(key);
    if (!e || eventTime - e.lastUpdate > this.opts.maxMs * 2) {
      this.entries.set(key, { delayMs: this.opts.initialMs, lastUpdate: eventTime });
      return;
    }
    e.delayMs = Math.min(e.delayMs * 2, this.opts.maxMs);
    e.lastUpdate = eventTime;
  }

  /** Current delay for `key` (0 when unknown). */
  get(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /**
   * Milliseconds left before `key` may be retried, counting from `eventTime` (e.g. when the
   * container last finished); 0 when not in backoff.
   */
  remaining(key: string, eventTime: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    const now = this.now();
    if (now - e.lastUpdate > this.opts.maxMs * 2) return 0;
    return Math.max(0, eventTime + e.delayMs - now);
  }

  /** Milliseconds left counting from the last {@link next} call; 0 when not in backoff. */
  remainingSinceLast(key: string): number {
    const e = this.entries.get(key);
    return e ? this.remaining(key, e.lastUpdate) : 0;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose key starts with `prefix` (a pod's UID when it goes away). */
  resetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
