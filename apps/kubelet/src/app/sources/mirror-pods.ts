import type { Node, Pod } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import type { RestClient } from '@tskube/client';
import { isAlreadyExists, isConflict, isNotFound } from '@tskube/client';
import type { Logger } from '@tskube/component-base';
import { sleep } from '@tskube/component-base';
import { CONFIG_MIRROR_ANNOTATION, mirrorPodOf } from './static-pod';

export interface MirrorPodsOptions {
  client: Pick<RestClient, 'get' | 'create' | 'delete'>;
  nodeName: string;
  logger: Logger;
  /** The static pods this kubelet runs. */
  staticPods(): readonly Pod[];
  /** True once every static source reported (before that, no mirror pod counts as orphaned). */
  staticSynced(): boolean;
  /** Mirror pods bound to this node, from the pod informer. */
  mirrorPods(): readonly Pod[];
  /** True once the pod informer listed. */
  apiSynced(): boolean;
}

const key = (p: Pod): string => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;

/**
 * Keeps one mirror pod in the API server per static pod (upstream `mirror_client.go` and the
 * mirror handling of `syncPod`/`HandlePodCleanups`): creates missing ones (with the Node as
 * owner), replaces ones whose hash is stale or that a user deleted (deletionTimestamp set),
 * and deletes mirror pods whose static pod is gone. Deletes use gracePeriodSeconds=0 and a
 * UID precondition.
 */
export class MirrorPods {
  private nodeUid: string | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly o: MirrorPodsOptions) {}

  /** Asks for a sync soon (a static pod or a mirror pod changed). */
  kick(): void {
    this.wake?.();
  }

  async sync(): Promise<void> {
    if (!this.o.apiSynced() || !this.o.staticSynced()) return;
    const mirrors = new Map(this.o.mirrorPods().map((p) => [key(p), p]));
    const statics = this.o.staticPods();
    for (const sp of statics) {
      const hash = sp.metadata?.uid ?? '';
      const m = mirrors.get(key(sp));
      mirrors.delete(key(sp));
      if (m && m.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] === hash && !m.metadata?.deletionTimestamp) continue;
      if (m) await this.remove(m, m.metadata?.deletionTimestamp ? 'deleted by a user' : 'static pod changed');
      await this.create(sp);
    }
    if (!this.o.staticSynced()) return;
    for (const m of mirrors.values()) await this.remove(m, 'static pod is gone');
  }

  private async create(sp: Pod): Promise<void> {
    this.nodeUid ??= (await this.o.client.get<Node>(RESOURCES.nodes, this.o.nodeName).catch(() => undefined))?.metadata?.uid;
    const mirror = mirrorPodOf(sp, this.nodeUid ? { name: this.o.nodeName, uid: this.nodeUid } : undefined);
    try {
      await this.o.client.create(RESOURCES.pods, mirror, { namespace: mirror.metadata?.namespace ?? 'default' });
      this.o.logger.info('created mirror pod', { pod: key(mirror) });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err; // the informer will show it; the next sync checks its hash
    }
  }

  private async remove(m: Pod, why: string): Promise<void> {
    try {
      await this.o.client.delete(RESOURCES.pods, m.metadata?.name ?? '', { namespace: m.metadata?.namespace ?? '', gracePeriodSeconds: 0, ...(m.metadata?.uid ? { preconditions: { uid: m.metadata.uid } } : {}) });
      this.o.logger.info('deleted mirror pod', { pod: key(m), why });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  /** Syncs on every kick and at least every `periodMs` until `signal` aborts. */
  async run(signal: AbortSignal, periodMs = 5000): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.sync();
      } catch (err) {
        this.o.logger.warn('mirror pod sync failed; will retry', { err: err instanceof Error ? err.message : String(err) });
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void sleep(periodMs, signal).then(resolve);
      });
      this.wake = undefined;
      await sleep(200, signal); // batch bursts of informer events
    }
  }
}
