/**
 * ATTENTION: informers lag behind the controller's own writes. After creating N pods a
 * controller must not create them again before its informer shows them, or a second sync
 * double-creates. `ControllerExpectations` (upstream `UIDTrackingControllerExpectations`)
 * records, per controller key, how many creations it still expects to observe and which pod
 * keys it expects to see deleted; `satisfied(key)` is true once all were observed, or when the
 * expectations are older than `ttlMs` (a lost watch event must not wedge the controller).
 */
export class ControllerExpectations {
  private readonly entries = new Map<string, { adds: number; deletes: Set<string>; timestamp: number }>();

  constructor(private readonly opts: { now?: () => number; ttlMs?: number } = {}) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** True when the controller may act on `key` (nothing pending, no record, or expired). */
  satisfied(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.now() - e.timestamp > (this.opts.ttlMs ?? 5 * 60_000);
  }

  expectCreations(key: string, n: number): void {
    this.entries.set(key, { adds: n, deletes: new Set(), timestamp: this.now() });
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.entries.set(key, { adds: 0, deletes: new Set(podKeys), timestamp: this.now() });
  }

  /** One expected creation was seen (or will never happen because the create failed). */
  creationObserved(key: string): void {
    const e = this.entries.get(key);
    if (e) e.adds--;
  }

  /** The pod `podKey` is gone (or its delete failed). Unexpected keys are ignored. */
  deletionObserved(key: string, podKey: string): void {
    this.entries.get(key)?.deletes.delete(podKey);
  }

  /** Forgets `key` (its controller object was deleted). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  pending(key: string): { adds: number; deletes: number } | undefined {
    const e = this.entries.get(key);
    return e && { adds: e.adds, deletes: e.deletes.size };
  }
}
