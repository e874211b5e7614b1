import type { Pod, Taint } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { Status } from '../../framework/status';
import { toleratesTaint } from '../taint-toleration/taint-toleration';

export const ERR_REASON = 'node(s) were unschedulable';
/** The taint `kubectl cordon` implies; a pod tolerating it may still land on a cordoned node. */
export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** True when the pod may go to the node as far as `spec.unschedulable` (cordon) is concerned. */
export function fits(pod: Pod, node: NodeInfo): boolean {
  if (!node.node?.spec?.unschedulable) return true;
  return (pod.spec?.tolerations ?? []).some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT));
}

/** Rejects cordoned nodes (`spec.unschedulable: true`). */
export class NodeUnschedulable implements FilterPlugin {
  static readonly pluginName = 'NodeUnschedulable';
  readonly name = NodeUnschedulable.pluginName;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    return fits(pod, node) ? undefined : Status.unresolvable(ERR_REASON);
  }
}
