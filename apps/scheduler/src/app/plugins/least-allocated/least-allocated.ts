import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import { MAX_NODE_SCORE } from '../../framework/interfaces';
import type { ScorePlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { cycleNonZeroRequests } from '../../framework/resources';
import type { Resources } from '../../framework/resources';

/** Resources scored and their weights (upstream default: cpu 1, memory 1). */
export const DEFAULT_RESOURCES: ReadonlyArray<{ name: string; weight: number }> = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/**
 * Upstream `leastResourceScorer`: for each resource, `(allocatable - requested) * 100 /
 * allocatable` with `requested` including this pod (non-zero defaults), floored at 0; the
 * weighted average over resources, truncated to an integer in [0, 100].
 */
export function leastAllocatedScore(podRequest: Resources, node: NodeInfo, resources = DEFAULT_RESOURCES): number {
  const alloc = node.allocatable();
  let total = 0;
  let weights = 0;
  for (const { name, weight } of resources) {
    const capacity = alloc.get(name) ?? 0;
    if (capacity <= 0) continue; // upstream skips resources the node does not have
    const requested = (node.nonZeroRequested.get(name) ?? 0) + (podRequest.get(name) ?? 0);
    const score = requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
    total += score * weight;
    weights += weight;
  }
  return weights === 0 ? 0 : Math.floor(total / weights);
}

/** Prefers the node with the most free cpu and memory after placing the pod. */
export class LeastAllocated implements ScorePlugin {
  static readonly pluginName = 'NodeResourcesLeastAllocated';
  readonly name = LeastAllocated.pluginName;

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    return leastAllocatedScore(cycleNonZeroRequests(state, pod), node);
  }
}
