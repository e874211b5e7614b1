import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import { MAX_NODE_SCORE } from '../../framework/interfaces';
import type { ScorePlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { cycleNonZeroRequests } from '../../framework/resources';
import type { Resources } from '../../framework/resources';

/**
 * Upstream `balancedResourceScorer`: for cpu and memory the fraction requested/allocatable
 * (this pod included, non-zero defaults, capped at 1); the score is `(1 - std) * 100` of those
 * fractions (for two resources std = |a - b| / 2), so nodes whose cpu and memory fill evenly win.
 * Resources the node does not report are skipped.
 * @example cpu 50 %, memory 50 % → 100; cpu 100 %, memory 0 % → 50
 */
export function balancedAllocationScore(podRequest: Resources, node: NodeInfo, resources: readonly string[] = ['cpu', 'memory']): number {
  const alloc = node.allocatable();
  const fractions: number[] = [];
  for (const name of resources) {
    const capacity = alloc.get(name) ?? 0;
    if (capacity <= 0) continue;
    const requested = (node.nonZeroRequested.get(name) ?? 0) + (podRequest.get(name) ?? 0);
    fractions.push(Math.min(1, requested / capacity));
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs(((fractions[0] ?? 0) - (fractions[1] ?? 0)) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Prefers nodes whose cpu and memory usage stay balanced after placing the pod. */
export class BalancedAllocation implements ScorePlugin {
  static readonly pluginName = 'NodeResourcesBalancedAllocation';
  readonly name = BalancedAllocation.pluginName;

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    return balancedAllocationScore(cycleNonZeroRequests(state, pod), node);
  }
}
