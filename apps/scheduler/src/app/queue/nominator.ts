import type { Pod } from '@tskube/api-types';
import { podPriority } from '../framework/label-match';
import { podKey } from '../framework/node-info';

const NONE: readonly Pod[] = [];

/**
 * Upstream `PodNominator`: pending pods that preempted on a node and wait there for their
 * victims to leave, by node. Filtering for other pods of lower or equal priority counts them
 * as already placed, so the space freed by preemption is not taken by a less important pod.
 */
export class Nominator {
  private readonly byPod = new Map<string, { pod: Pod; nodeName: string }>();
  private readonly byNode = new Map<string, Map<string, Pod>>();

  /** Records (or moves) the pod's nomination; an empty node name removes it. */
  add(pod: Pod, nodeName: string): void {
    this.remove(pod);
    if (!nodeName) return;
    const key = podKey(pod);
    this.byPod.set(key, { pod, nodeName });
    let m = this.byNode.get(nodeName);
    if (!m) this.byNode.set(nodeName, (m = new Map<string, Pod>()));
    m.set(key, pod);
  }

  /** Keeps the stored pod object current without changing its node. */
  update(pod: Pod): void {
    const cur = this.byPod.get(podKey(pod));
    if (cur) this.add(pod, cur.nodeName);
  }

  remove(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod);
    const cur = this.byPod.get(key);
    if (!cur) return;
    this.byPod.delete(key);
    const m = this.byNode.get(cur.nodeName);
    m?.delete(key);
    if (m?.size === 0) this.byNode.delete(cur.nodeName);
  }

  nodeOf(pod: Pick<Pod, 'metadata'>): string | undefined {
    return this.byPod.get(podKey(pod))?.nodeName;
  }

  isEmpty(): boolean {
    return this.byPod.size === 0;
  }

  /** Pods nominated to `nodeName`. */
  podsOn(nodeName: string): readonly Pod[] {
    const m = this.byNode.get(nodeName);
    return m ? [...m.values()] : NONE;
  }

  /** Removes and returns the nominations on `nodeName` with priority below `priority` (upstream `getLowerPriorityNominatedPods`). */
  takeLowerPriority(nodeName: string, priority: number): Pod[] {
    const out = this.podsOn(nodeName).filter((p) => podPriority(p) < priority);
    for (const p of out) this.remove(p);
    return out;
  }
}
