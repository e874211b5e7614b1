import type { Pod, PodStatus } from '@tskube/api-types';
import type { PodStatusSink } from './pod-syncer';

/**
 * The status sink of a standalone kubelet (no API server): statuses are only kept in memory,
 * for `/pods`; a finished deletion just forgets the pod.
 */
export class LocalStatusStore implements PodStatusSink {
  private readonly statuses = new Map<string, PodStatus>();

  setPodStatus(pod: Pod, status: PodStatus): void {
    this.statuses.set(pod.metadata?.uid ?? '', status);
  }

  finalizeDeletion(pod: Pod): Promise<void> {
    this.statuses.delete(pod.metadata?.uid ?? '');
    return Promise.resolve();
  }

  getPodStatus(uid: string): PodStatus | undefined {
    return this.statuses.get(uid);
  }

  removePod(uid: string): void {
    this.statuses.delete(uid);
  }
}
