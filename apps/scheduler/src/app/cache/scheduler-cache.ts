import type { Node, Pod } from '@tskube/api-types';
import { NodeInfo, podKey } from '../framework/node-info';

interface PodState {
  pod: Pod;
  nodeName: string;
  /** True while the scheduler has decided but the informer has not yet shown the binding. */
  assumed: boolean;
}

/** Pods that no longer hold resources on their node. */
export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * The scheduler's view of nodes and the pods bound to them (upstream `internal/cache`).
 * `assumePod` places a pod on a node as soon as the algorithm picks it, before the bind call
 * returns, so the next pod already sees its requests; the informer's update with the real
 * `spec.nodeName` confirms it, and `forgetPod` undoes it when binding fails. Terminal pods hold
 * no resources and are dropped. Pods may name a node the cache has not seen yet: they are
 * kept on a node-less NodeInfo that `snapshot` leaves out until the node arrives.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  /** The sorted snapshot list; rebuilt only when the set of nodes changes. */
  private sorted: NodeInfo[] | undefined;

  addOrUpdateNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const info = this.nodes.get(name);
    if (info) {
      if (!info.node) this.sorted = undefined;
      info.node = node;
    } else {
      this.nodes.set(name, new NodeInfo(node));
      this.sorted = undefined;
    }
  }

  removeNode(node: Pick<Node, 'metadata'>): void {
    const name = node.metadata?.name ?? '';
    const info = this.nodes.get(name);
    if (!info) return;
    this.sorted = undefined;
    if (info.pods.size === 0) this.nodes.delete(name);
    else info.node = undefined;
  }

  /** Adds or updates a pod seen by the informer with `spec.nodeName` set (confirms an assumption). */
  addOrUpdatePod(pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || isTerminal(pod)) return this.removePod(pod);
    this.place(pod, nodeName, false);
  }

  removePod(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod);
    const state = this.pods.get(key);
    if (!state) return;
    this.pods.delete(key);
    const info = this.nodes.get(state.nodeName);
    info?.removePod(pod);
    if (info && !info.node && info.pods.size === 0) this.nodes.delete(state.nodeName);
  }

  /** Places a pod the scheduler has chosen a node for, before the binding is confirmed. */
  assumePod(pod: Pod, nodeName: string): void {
    this.place({ ...pod, spec: { ...pod.spec!, nodeName } }, nodeName, true);
  }

  /** Undoes `assumePod` (binding failed); a confirmed pod is left alone. */
  forgetPod(pod: Pick<Pod, 'metadata'>): void {
    if (this.pods.get(podKey(pod))?.assumed) this.removePod(pod);
  }

  /** True when the pod is assumed or bound (the scheduler must not schedule it again). */
  isAssumedOrBound(pod: Pick<Pod, 'metadata'>): boolean {
    return this.pods.has(podKey(pod));
  }

  /**
   * The NodeInfos of the known nodes sorted by name, for one scheduling cycle (live objects: do
   * not keep or mutate the array). Cached until a node is added or removed.
   */
  snapshot(): readonly NodeInfo[] {
    this.sorted ??= [...this.nodes.values()].filter((n) => n.node !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return this.sorted;
  }

  nodeCount(): number {
    return this.snapshot().length;
  }

  private place(pod: Pod, nodeName: string, assumed: boolean): void {
    const key = podKey(pod);
    const old = this.pods.get(key);
    if (old && old.nodeName !== nodeName) this.removePod(pod);
    let info = this.nodes.get(nodeName);
    if (!info) {
      info = new NodeInfo();
      this.nodes.set(nodeName, info);
    }
    info.addPod(pod);
    this.pods.set(key, { pod, nodeName, assumed });
  }
}
