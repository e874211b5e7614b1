import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { podRequests } from '../../framework/resources';
import type { Resources } from '../../framework/resources';
import { Status } from '../../framework/status';

export const ERR_TOO_MANY_PODS = 'Too many pods';
/** `Insufficient cpu`, `Insufficient memory`, ... as upstream. */
export const insufficientReason = (resource: string): string => `Insufficient ${resource}`;

const STATE_KEY = 'PreFilterNodeResourcesFit';

/**
 * Returns the reasons the pod does not fit the node's allocatable resources (empty = fits):
 * the pod count against `allocatable.pods`, then every resource the pod requests (a zero
 * request is never checked, as upstream) against allocatable minus what bound pods request.
 * Resources the node does not report count as 0 allocatable.
 */
export function fits(request: Resources, node: NodeInfo): string[] {
  const reasons: string[] = [];
  const alloc = node.allocatable();
  const maxPods = alloc.get('pods');
  if (maxPods !== undefined && node.pods.size + 1 > maxPods) reasons.push(ERR_TOO_MANY_PODS);
  const ordered = [...request.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const name of ordered) {
    const want = request.get(name) ?? 0;
    if (want <= 0 || name === 'pods') continue;
    const free = (alloc.get(name) ?? 0) - (node.requested.get(name) ?? 0);
    if (want > free) reasons.push(insufficientReason(name));
  }
  return reasons;
}

/** cpu, then memory, then ephemeral-storage, then the rest alphabetically (upstream's order). */
function rank(name: string): number {
  const i = ['cpu', 'memory', 'ephemeral-storage'].indexOf(name);
  return i < 0 ? 3 : i;
}

/** Checks the pod's requests against each node's free allocatable resources and pod slots. */
export class NodeResourcesFit implements FilterPlugin {
  static readonly pluginName = 'NodeResourcesFit';
  readonly name = NodeResourcesFit.pluginName;

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    let request = state.read<Resources>(STATE_KEY);
    if (!request) {
      request = podRequests(pod);
      state.write(STATE_KEY, request);
    }
    const reasons = fits(request, node);
    return reasons.length ? Status.unschedulable(...reasons) : undefined;
  }
}
