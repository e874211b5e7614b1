import type { Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { PodSyncer } from './pod-syncer';

/** An update for one pod: keep it running (`sync`) or stop it (`terminate`). */
export type PodUpdate =
  | { kind: 'sync'; pod: Pod }
  | { kind: 'terminate'; pod: Pod; gracePeriodSeconds: number; /** the pod is being deleted from the API */ deleted: boolean };

export type WorkerState = 'syncing' | 'terminating' | 'terminated';

interface Worker {
  uid: string;
  state: WorkerState;
  /** Set once a terminated pod's deletion was finished. */
  deleted: boolean;
  pending?: PodUpdate;
  running: boolean;
  timer?: NodeJS.Timeout;
  lastPod: Pod;
  failures: number;
}

export interface PodWorkersOptions {
  syncer: PodSyncer;
  logger: Logger;
  /** Delay before retrying a failed sync; doubles per consecutive failure (default 1s, max 30s). */
  retryBaseMs?: number;
}

/**
 * One async loop per pod UID (upstream `pod_workers.go`). Each worker holds at most one
 * pending update, and the newest wins, except that a `terminate` is never replaced by a
 * `sync`. States move syncing → terminating → terminated and never back: a UID that
 * terminated is not started again. A terminated pod that later gets deleted runs the
 * terminate path once more with `deleted`, which removes its containers and finishes the
 * API deletion.
 */
export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;
  private readonly idle = new Set<() => void>();

  constructor(private readonly o: PodWorkersOptions) {}

  /** Queues an update; returns at once. */
  update(u: PodUpdate): void {
    if (this.stopped) return;
    const uid = u.pod.metadata?.uid;
    if (!uid) return;
    let w = this.workers.get(uid);
    if (!w) {
      w = { uid, state: 'syncing', deleted: false, running: false, lastPod: u.pod, failures: 0 };
      this.workers.set(uid, w);
    }
    w.lastPod = u.pod;
    if (w.state === 'terminated') {
      if (u.kind !== 'terminate' || !u.deleted || w.deleted) return;
      w.state = 'terminating';
    }
    if (u.kind === 'sync' && (w.state === 'terminating' || w.pending?.kind === 'terminate')) {
      if (w.pending) w.pending = { ...w.pending, pod: u.pod };
      return;
    }
    if (u.kind === 'terminate' && w.pending?.kind === 'terminate') {
      // Keep the shortest grace period and remember a deletion.
      w.pending = { ...u, gracePeriodSeconds: Math.min(u.gracePeriodSeconds, w.pending.gracePeriodSeconds), deleted: u.deleted || w.pending.deleted };
    } else {
      w.pending = u;
    }
    if (w.timer) {
      clearTimeout(w.timer);
      w.timer = undefined;
    }
    if (!w.running) void this.loop(w);
  }

  state(uid: string): WorkerState | undefined {
    return this.workers.get(uid)?.state;
  }

  /** UIDs with a worker (in any state). */
  uids(): string[] {
    return [...this.workers.keys()];
  }

  /** Forgets a terminated worker (the pod is gone from the API and from the runtime). */
  forget(uid: string): void {
    const w = this.workers.get(uid);
    if (w && w.state === 'terminated' && !w.running) {
      if (w.timer) clearTimeout(w.timer);
      this.workers.delete(uid);
    }
  }

  /** Stops accepting updates and cancels scheduled resyncs (running syncs finish). */
  stop(): void {
    this.stopped = true;
    for (const w of this.workers.values()) if (w.timer) clearTimeout(w.timer);
  }

  /** Resolves once no worker is running or has a pending update (for tests). */
  async waitIdle(): Promise<void> {
    while ([...this.workers.values()].some((w) => w.running || w.pending)) {
      await new Promise<void>((resolve) => this.idle.add(resolve));
    }
  }

  private schedule(w: Worker, ms: number, u: PodUpdate): void {
    if (this.stopped) return;
    if (w.timer) clearTimeout(w.timer);
    w.timer = setTimeout(() => {
      w.timer = undefined;
      if (!w.pending) this.update({ ...u, pod: w.lastPod });
    }, ms);
    w.timer.unref();
  }

  private async loop(w: Worker): Promise<void> {
    w.running = true;
    try {
      while (w.pending) {
        const u = w.pending;
        w.pending = undefined;
        try {
          await this.process(w, u);
          w.failures = 0;
        } catch (err) {
          w.failures++;
          const delay = Math.min((this.o.retryBaseMs ?? 1000) * 2 ** (w.failures - 1), 30_000);
          this.o.logger.error('pod sync failed; will retry', { pod: `${u.pod.metadata?.namespace ?? ''}/${u.pod.metadata?.name ?? ''}`, kind: u.kind, retryMs: delay, err: err instanceof Error ? err.message : String(err) });
          if (w.state === 'terminating' && u.kind === 'sync') continue;
          this.schedule(w, delay, u);
        }
      }
    } finally {
      w.running = false;
      for (const r of [...this.idle]) {
        this.idle.delete(r);
        r();
      }
    }
  }

  private async process(w: Worker, u: PodUpdate): Promise<void> {
    if (u.kind === 'sync') {
      if (w.state !== 'syncing') return;
      const r = await this.o.syncer.syncPod(u.pod);
      if (r.terminal) {
        w.state = 'terminating';
        w.pending ??= { kind: 'terminate', pod: w.lastPod, gracePeriodSeconds: 0, deleted: false };
      } else if (r.requeueAfterMs !== undefined) {
        this.schedule(w, r.requeueAfterMs, { kind: 'sync', pod: u.pod });
      }
      return;
    }
    w.state = 'terminating';
    await this.o.syncer.syncTerminatingPod(u.pod, u.gracePeriodSeconds);
    await this.o.syncer.syncTerminatedPod(u.pod, u.deleted);
    w.state = 'terminated';
    if (u.deleted) w.deleted = true;
  }
}
