import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import { MAX_NODE_SCORE } from '../../framework/interfaces';
import type { ScorePlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';

/** uid of the pod's controlling owner (ReplicaSet, ReplicationController, Job, ...), or ''. */
export function controllerUid(pod: Readonly<Pod>): string {
  return pod.metadata?.ownerReferences?.find((r) => r.controller)?.uid ?? '';
}

/** Pods on the node in the pod's namespace with the same controller (terminating ones excluded). */
export function countSiblings(pod: Readonly<Pod>, node: NodeInfo): number {
  const uid = controllerUid(pod);
  if (!uid) return 0;
  const ns = pod.metadata?.namespace ?? '';
  let n = 0;
  for (const p of node.pods.values()) {
    if (p.metadata?.namespace === ns && !p.metadata.deletionTimestamp && controllerUid(p) === uid) n++;
  }
  return n;
}

/**
 * Upstream `SelectorSpread` scoring (what the default PodTopologySpread constraint on
 * `kubernetes.io/hostname` approximates): `100 * (max - count) / max` where `count` is the
 * number of the pod's siblings (same controller) on each node and `max` the highest count, so
 * a controller's replicas spread across nodes. Pods without a controller score 100 everywhere.
 */
export class SelectorSpread implements ScorePlugin {
  static readonly pluginName = 'SelectorSpread';
  readonly name = SelectorSpread.pluginName;

  score(_state: CycleState, pod: Pod, node: NodeInfo): number {
    return countSiblings(pod, node);
  }

  normalizeScores(_state: CycleState, _pod: Pod, scores: number[]): void {
    const max = Math.max(0, ...scores);
    for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max - (scores[i] ?? 0))) / max);
  }
}
