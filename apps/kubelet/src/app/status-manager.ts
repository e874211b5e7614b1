import type { Pod, PodStatus } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import type { RestClient } from '@tskube/client';
import { isConflict, isNotFound } from '@tskube/client';
import type { Logger } from '@tskube/component-base';
import { sleep } from '@tskube/component-base';
import { canonicalJson } from './runtime/naming';
import type { PodStatusSink } from './pod-syncer';

/** The client calls the status manager makes. */
export type PodStatusClient = Pick<RestClient, 'get' | 'update' | 'delete'>;

export interface StatusManagerOptions {
  client: PodStatusClient;
  logger: Logger;
  /** The informer's copy of a pod (may be stale); undefined when not cached. */
  getCachedPod(namespace: string, name: string): Pod | undefined;
  /** Full re-check of every known status (default 10s). */
  resyncMs?: number;
  /**
   * Whether the API server's pod is the one a status is for. Default: same UID. Static pods
   * report through their mirror pod, whose UID differs (see sources/mirror-pods.ts).
   */
  isPodFor?(uid: string, serverPod: Pod): boolean;
}

interface Entry {
  namespace: string;
  name: string;
  uid: string;
  status: PodStatus;
  /** canonical JSON of the status last written successfully, and the resourceVersion it produced */
  written?: { json: string; resourceVersion: string };
}

/** Status writes in flight at once. */
const STATUS_WRITERS = 4;

/**
 * Publishes pod statuses through the `status` subresource (upstream `status_manager.go`).
 * `setPodStatus` only records the wish; the `run` loop writes statuses that differ from what
 * the API server has, with the cached object's resourceVersion, re-reading on 409 Conflict.
 * Up to {@link STATUS_WRITERS} pods are written at once (upstream writes one at a time); a
 * batch with failures waits 500 ms before retrying them.
 */
export class StatusManager implements PodStatusSink {
  private readonly entries = new Map<string, Entry>();
  private readonly dirty = new Set<string>();
  private wake: (() => void) | undefined;

  constructor(private readonly o: StatusManagerOptions) {}

  setPodStatus(pod: Pod, status: PodStatus): void {
    const m = pod.metadata ?? {};
    const uid = m.uid ?? '';
    const prev = this.entries.get(uid);
    const entry: Entry = { namespace: m.namespace ?? '', name: m.name ?? '', uid, status, ...(prev?.written ? { written: prev.written } : {}) };
    this.entries.set(uid, entry);
    if (prev && canonicalJson(prev.status) === canonicalJson(status)) return;
    this.dirty.add(uid);
    this.wake?.();
  }

  getPodStatus(uid: string): PodStatus | undefined {
    return this.entries.get(uid)?.status;
  }

  /** Forgets a pod (it is gone from the API server). */
  removePod(uid: string): void {
    this.entries.delete(uid);
    this.dirty.delete(uid);
  }

  /**
   * Writes `status` (best effort) and deletes the pod with gracePeriodSeconds=0 and a uid
   * precondition, finishing a graceful deletion. A pod already gone is success.
   */
  async finalizeDeletion(pod: Pod, status: PodStatus): Promise<void> {
    const m = pod.metadata ?? {};
    const uid = m.uid ?? '';
    this.entries.set(uid, { namespace: m.namespace ?? '', name: m.name ?? '', uid, status });
    try {
      await this.syncOne(uid);
    } catch (err) {
      this.o.logger.warn('final status write failed', { pod: `${m.namespace ?? ''}/${m.name ?? ''}`, err: String(err) });
    }
    try {
      await this.o.client.delete(RESOURCES.pods, m.name ?? '', { namespace: m.namespace ?? '', gracePeriodSeconds: 0, preconditions: { uid } });
      this.o.logger.info('pod deleted', { pod: `${m.namespace ?? ''}/${m.name ?? ''}` });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err; // conflict: the uid changed, a new pod took the name
    }
    this.removePod(uid);
  }

  /** Writes dirty statuses until `signal` aborts; re-checks everything every resync period. */
  async run(signal: AbortSignal): Promise<void> {
    const resyncMs = this.o.resyncMs ?? 10_000;
    let lastResync = Date.now();
    while (!signal.aborted) {
      if (Date.now() - lastResync >= resyncMs) {
        for (const uid of this.entries.keys()) this.dirty.add(uid);
        lastResync = Date.now();
      }
      const batch = [...this.dirty];
      this.dirty.clear();
      let failed = false;
      // A few writes in flight (pods are independent): a burst of new pods is not published one
      // round trip at a time. Statuses that became dirty meanwhile go in the next batch at once;
      // only failures wait before the retry.
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < batch.length; i = next++) {
          const uid = batch[i]!;
          try {
            await this.syncOne(uid);
          } catch (err) {
            this.o.logger.warn('pod status update failed; will retry', { uid, err: err instanceof Error ? err.message : String(err) });
            this.dirty.add(uid);
            failed = true;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(STATUS_WRITERS, batch.length) }, worker));
      if (failed) await sleep(500, signal);
      if (this.dirty.size === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          void sleep(Math.max(100, resyncMs - (Date.now() - lastResync)), signal).then(resolve);
        });
        this.wake = undefined;
      }
    }
  }

  /** Writes one pod's status if the API server's copy differs. Exposed for tests. */
  async syncOne(uid: string): Promise<void> {
    const e = this.entries.get(uid);
    if (!e) return;
    const want = canonicalJson(e.status);
    const isFor = (p: Pod): boolean => (this.o.isPodFor ? this.o.isPodFor(uid, p) : p.metadata?.uid === uid);
    let base: Pod | undefined = this.o.getCachedPod(e.namespace, e.name);
    if (base && !isFor(base)) base = undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!base) {
        try {
          base = await this.o.client.get<Pod>(RESOURCES.pods, e.name, { namespace: e.namespace });
        } catch (err) {
          if (isNotFound(err)) return this.removePod(uid);
          throw err;
        }
        if (!isFor(base)) return this.removePod(uid);
      }
      const rv = base.metadata?.resourceVersion ?? '';
      if (canonicalJson(base.status ?? {}) === want) return;
      if (e.written && e.written.json === want && e.written.resourceVersion === rv) return;
      const next: Pod = { ...base, status: mergeStatus(base.status, e.status) };
      try {
        const saved = await this.o.client.update<Pod>(RESOURCES.pods, next, { subresource: 'status' });
        e.written = { json: want, resourceVersion: saved.metadata?.resourceVersion ?? '' };
        this.o.logger.debug('pod status updated', { pod: `${e.namespace}/${e.name}`, phase: e.status.phase });
        return;
      } catch (err) {
        if (isNotFound(err)) return this.removePod(uid);
        if (!isConflict(err)) throw err;
        base = undefined; // re-read and retry
      }
    }
    throw new Error(`status of ${e.namespace}/${e.name} kept conflicting`);
  }
}

/** The kubelet's status, keeping conditions it does not own (e.g. PodScheduled) from the server. */
export function mergeStatus(server: PodStatus | undefined, mine: PodStatus): PodStatus {
  const mineTypes = new Set((mine.conditions ?? []).map((c) => c.type));
  const extra = (server?.conditions ?? []).filter((c) => !mineTypes.has(c.type));
  return { ...mine, conditions: [...(mine.conditions ?? []), ...extra] };
}
