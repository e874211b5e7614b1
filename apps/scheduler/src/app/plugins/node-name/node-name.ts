import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { Status } from '../../framework/status';

export const ERR_REASON = "node(s) didn't match the requested node name";

/** True when the pod names no node, or names this one. */
export function fits(pod: Pod, node: NodeInfo): boolean {
  const want = pod.spec?.nodeName;
  return !want || want === node.name;
}

/** Honors `spec.nodeName` (a pod asking for a node may go only there). */
export class NodeName implements FilterPlugin {
  static readonly pluginName = 'NodeName';
  readonly name = NodeName.pluginName;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    return fits(pod, node) ? undefined : Status.unresolvable(ERR_REASON);
  }
}
