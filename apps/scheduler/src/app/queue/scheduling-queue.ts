import type { Pod } from '@tskube/api-types';
import { podKey } from '../framework/node-info';
import { Heap } from './heap';

/** A pending pod as the queue tracks it between attempts. */
export interface QueuedPodInfo {
  readonly key: string;
  pod: Pod;
  /** Scheduling attempts so far (incremented on pop). */
  attempts: number;
  /** When the pod first entered the queue (ms); the e2e latency metric starts here. */
  readonly initialTimestamp: number;
  /** When the pod was last added or popped (ms); backoff counts from here. */
  timestamp: number;
}

export interface SchedulingQueueOptions {
  now?: () => number;
  /** Backoff after the first failed attempt; doubles per attempt (upstream 1s). */
  initialBackoffMs?: number;
  /** Backoff cap (upstream 10s). */
  maxBackoffMs?: number;
  /** Unschedulable pods are retried at least this often even without cluster events (upstream 5m). */
  maxUnschedulableMs?: number;
}

/**
 * The scheduler's pending-pod queue (upstream `PriorityQueue`), in three parts:
 * - activeQ: pods ready to try, highest `spec.priority` first, then oldest;
 * - backoffQ: pods that failed and wait out an exponential backoff before returning to activeQ;
 * - unschedulable: pods no node fits; they move out only when the cluster changes
 *   (`moveAllToActiveOrBackoff`, on node add/update or pod delete) or after `maxUnschedulableMs`.
 * A pod is in at most one part, and a popped pod is in none until it is re-added. A cluster
 * event that arrives while a pod is being scheduled sends that pod to backoff instead of
 * unschedulable (the `moveRequestCycle` rule), so the event is never lost.
 * Not thread-safe by design: callers are single-threaded JS.
 */
export class SchedulingQueue {
  private readonly now: () => number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;
  private readonly active = new Map<string, QueuedPodInfo>();
  /** activeQ's order; entries whose pod left `active` (or was re-pushed) are skipped lazily. */
  private readonly activeHeap = new Heap<ActiveEntry>(activeLess);
  private pushSeq = 0;
  private readonly activeSeq = new Map<string, number>();
  private readonly backoff = new Map<string, QueuedPodInfo>();
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Set<string>();
  private waiters: Array<(qp: QueuedPodInfo | undefined) => void> = [];
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private closed = false;

  constructor(opts: SchedulingQueueOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.initialBackoffMs = opts.initialBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = opts.maxUnschedulableMs ?? 5 * 60_000;
  }

  /** Adds a new pending pod to activeQ (or refreshes the stored copy if already queued). */
  add(pod: Pod): void {
    const key = podKey(pod);
    const existing = this.find(key);
    if (existing) {
      existing.pod = pod;
      return;
    }
    if (this.inFlight.has(key)) return;
    const now = this.now();
    this.pushActive({ key, pod, attempts: 0, initialTimestamp: now, timestamp: now });
  }

  /**
   * Stores the newer pod. An unschedulable pod whose update may make it schedulable (anything
   * but status changed) is moved to backoff/active; a pod not queued at all is added.
   */
  update(pod: Pod): void {
    const key = podKey(pod);
    const qp = this.find(key);
    if (!qp) return this.add(pod);
    const specChanged = JSON.stringify(qp.pod.spec) !== JSON.stringify(pod.spec) || JSON.stringify(qp.pod.metadata?.labels) !== JSON.stringify(pod.metadata?.labels);
    qp.pod = pod;
    if (this.unschedulable.has(key) && specChanged) {
      this.unschedulable.delete(key);
      this.requeueAfterEvent(qp);
    }
  }

  /** Forgets the pod everywhere (deleted, or bound by someone else). */
  delete(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod);
    this.active.delete(key);
    this.activeSeq.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  /**
   * Resolves with the next pod to schedule, waiting while activeQ is empty; resolves undefined
   * once the queue is closed or `signal` aborts. The pod stays in flight until `done(key)`.
   */
  pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    if (this.closed || signal?.aborted) return Promise.resolve(undefined);
    const next = this.takeActive();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => {
      const waiter = (qp: QueuedPodInfo | undefined): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(qp);
      };
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Ends the in-flight state of a popped pod (after it was bound or re-queued). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * Re-queues a pod after a failed attempt. `kind: 'unschedulable'` parks it until a cluster
   * event (or straight to backoff if an event arrived during its attempt); `kind: 'error'`
   * always retries after backoff.
   */
  requeueFailed(qp: QueuedPodInfo, kind: 'unschedulable' | 'error', podSchedulingCycle: number): void {
    this.inFlight.delete(qp.key);
    if (this.closed || this.find(qp.key)) return;
    qp.timestamp = this.now();
    if (kind === 'error' || this.moveRequestCycle >= podSchedulingCycle) this.backoff.set(qp.key, qp);
    else this.unschedulable.set(qp.key, qp);
  }

  /** The cycle number of the latest pop, to pass back to `requeueFailed`. */
  currentCycle(): number {
    return this.schedulingCycle;
  }

  /** A cluster event that may make parked pods schedulable: move them to backoff or active. */
  moveAllToActiveOrBackoff(): void {
    for (const qp of this.unschedulable.values()) this.requeueAfterEvent(qp);
    this.unschedulable.clear();
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** Moves pods whose backoff expired to activeQ; call about once a second. */
  flushBackoffCompleted(): void {
    const now = this.now();
    for (const [key, qp] of this.backoff) {
      if (this.backoffExpiry(qp) <= now) {
        this.backoff.delete(key);
        this.pushActive(qp);
      }
    }
  }

  /** Retries pods parked longer than `maxUnschedulableMs`; call every ~30s. */
  flushUnschedulableLeftover(): void {
    const now = this.now();
    for (const [key, qp] of this.unschedulable) {
      if (now - qp.timestamp >= this.maxUnschedulableMs) {
        this.unschedulable.delete(key);
        this.requeueAfterEvent(qp);
      }
    }
  }

  /** Runs the periodic flushes until `signal` aborts, then closes the queue. */
  async run(signal: AbortSignal): Promise<void> {
    const a = setInterval(() => this.flushBackoffCompleted(), 1000);
    const b = setInterval(() => this.flushUnschedulableLeftover(), 30_000);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    clearInterval(a);
    clearInterval(b);
    this.close();
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiters) w(undefined);
    this.waiters = [];
  }

  /** Counts per part, for metrics and tests. */
  lengths(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  private backoffExpiry(qp: QueuedPodInfo): number {
    const d = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.max(0, qp.attempts - 1));
    return qp.timestamp + d;
  }

  private requeueAfterEvent(qp: QueuedPodInfo): void {
    if (this.backoffExpiry(qp) > this.now()) this.backoff.set(qp.key, qp);
    else this.pushActive(qp);
  }

  private find(key: string): QueuedPodInfo | undefined {
    return this.active.get(key) ?? this.backoff.get(key) ?? this.unschedulable.get(key);
  }

  private pushActive(qp: QueuedPodInfo): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.markPopped(qp));
    else {
      const seq = ++this.pushSeq;
      this.active.set(qp.key, qp);
      this.activeSeq.set(qp.key, seq);
      this.activeHeap.push({ qp, seq, priority: priority(qp), timestamp: qp.timestamp });
    }
  }

  /** Highest priority first, then the earliest timestamp (upstream `PrioritySort`). */
  private takeActive(): QueuedPodInfo | undefined {
    for (let e = this.activeHeap.pop(); e; e = this.activeHeap.pop()) {
      const qp = this.active.get(e.qp.key);
      if (qp !== e.qp || this.activeSeq.get(qp.key) !== e.seq) continue; // stale entry
      this.active.delete(qp.key);
      this.activeSeq.delete(qp.key);
      return this.markPopped(qp);
    }
    return undefined;
  }

  private markPopped(qp: QueuedPodInfo): QueuedPodInfo {
    this.schedulingCycle++;
    qp.attempts++;
    qp.timestamp = this.now();
    this.inFlight.add(qp.key);
    return qp;
  }
}

const priority = (qp: QueuedPodInfo): number => qp.pod.spec?.priority ?? 0;

/** A heap entry: the pod's order fields frozen at push time (spec.priority is immutable). */
interface ActiveEntry {
  qp: QueuedPodInfo;
  seq: number;
  priority: number;
  timestamp: number;
}

/** Highest priority first, then the earliest timestamp, then push order (upstream `PrioritySort`). */
function activeLess(a: ActiveEntry, b: ActiveEntry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}
