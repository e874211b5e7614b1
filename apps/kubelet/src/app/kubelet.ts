import type { Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { sleep } from '@tskube/component-base';
import type { PodLifecycleEvent } from './pleg';
import type { PodWorkers } from './pod-workers';
import type { RuntimePod } from './runtime/runtime';

export interface KubeletLoopOptions {
  workers: PodWorkers;
  logger: Logger;
  /** Pods bound to this node, from the informer cache. */
  listPods(): readonly Pod[];
  /** True once the pod informer has listed. */
  podsSynced(): boolean;
  /** Pods the runtime has, from the PLEG's last relist; `relisted` false before the first one. */
  runtimePods(): { relisted: boolean; pods: readonly RuntimePod[] };
  /** Called when a pod is forgotten for good (drop its cached status). */
  onForget?(uid: string): void;
  housekeepingMs?: number;
  resyncMs?: number;
}

const DEFAULT_GRACE = 30;

/** Grace period for a pod being deleted (`metadata.deletionGracePeriodSeconds` first). */
export function deletionGracePeriod(pod: Pod): number {
  return pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE;
}

/** A stand-in Pod for runtime containers whose pod is gone from the API server. */
export function orphanPod(rp: RuntimePod): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: rp.name, namespace: rp.namespace, uid: rp.uid }, spec: { containers: [] } };
}

/**
 * The kubelet's main loop (upstream `syncLoop` + `HandlePod*` + `HandlePodCleanups`): turns
 * informer and PLEG events into pod worker updates, re-syncs every pod periodically, and
 * cleans up runtime pods the API server no longer has. Handlers only dispatch; the workers
 * re-read state when they run.
 */
export class KubeletLoop {
  constructor(private readonly o: KubeletLoopOptions) {}

  /** Routes a pod to its worker: deleting → terminate (and finish deletion), terminal → terminate, else sync. */
  dispatch(pod: Readonly<Pod>): void {
    const p = pod as Pod;
    if (p.metadata?.deletionTimestamp) {
      this.o.workers.update({ kind: 'terminate', pod: p, gracePeriodSeconds: deletionGracePeriod(p), deleted: true });
    } else if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') {
      this.o.workers.update({ kind: 'terminate', pod: p, gracePeriodSeconds: 0, deleted: false });
    } else {
      this.o.workers.update({ kind: 'sync', pod: p });
    }
  }

  /** The pod vanished from the API server (force-deleted, or we missed the graceful part). */
  handleDeleted(pod: Readonly<Pod>): void {
    const p = pod as Pod;
    this.o.workers.update({ kind: 'terminate', pod: p, gracePeriodSeconds: p.metadata?.deletionGracePeriodSeconds ?? 0, deleted: true });
  }

  /** A pod's containers changed: re-sync it so its status is refreshed (or restarts happen). */
  onPlegEvent(e: PodLifecycleEvent): void {
    const pod = this.o.listPods().find((p) => p.metadata?.uid === e.uid);
    if (pod) this.dispatch(pod);
  }

  /** Re-dispatches every known pod (level-triggered safety net). */
  resyncAll(): void {
    for (const pod of this.o.listPods()) this.dispatch(pod);
  }

  /**
   * Kills and removes runtime pods that the API server does not have (after both the informer
   * and the runtime listed), and forgets finished workers whose pods are gone everywhere.
   */
  housekeeping(): void {
    if (!this.o.podsSynced()) return;
    const rt = this.o.runtimePods();
    if (!rt.relisted) return;
    const known = new Set(this.o.listPods().map((p) => p.metadata?.uid ?? ''));
    const inRuntime = new Set(rt.pods.map((p) => p.uid));
    for (const rp of rt.pods) {
      if (known.has(rp.uid) || this.o.workers.state(rp.uid) !== undefined) continue;
      this.o.logger.info('removing containers of a pod that no longer exists', { pod: `${rp.namespace}/${rp.name}`, uid: rp.uid });
      this.o.workers.update({ kind: 'terminate', pod: orphanPod(rp), gracePeriodSeconds: 0, deleted: true });
    }
    for (const uid of this.o.workers.uids()) {
      if (!known.has(uid) && !inRuntime.has(uid) && this.o.workers.state(uid) === 'terminated') {
        this.o.workers.forget(uid);
        this.o.onForget?.(uid);
      }
    }
  }

  /** Housekeeping every 2s and a full re-sync every 10s until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let lastResync = 0;
    while (!signal.aborted) {
      try {
        if (Date.now() - lastResync >= (this.o.resyncMs ?? 10_000) && this.o.podsSynced()) {
          this.resyncAll();
          lastResync = Date.now();
        }
        this.housekeeping();
      } catch (err) {
        this.o.logger.error('housekeeping failed', { err: err instanceof Error ? err.message : String(err) });
      }
      await sleep(this.o.housekeepingMs ?? 2000, signal);
    }
  }
}
