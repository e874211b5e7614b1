import type { Node, Pod, Taint } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { Status } from '../../framework/status';
import { findUntoleratedTaint, untoleratedTaintReason } from '../taint-toleration/taint-toleration';

const NO_CONDITIONS: ReadonlyArray<{ type: string; status?: string }> = [];

/**
 * tskube has no node-lifecycle controller yet, so nothing taints NotReady nodes. This plugin
 * applies the taints that controller would (`node.kubernetes.io/not-ready` for Ready=False,
 * `node.kubernetes.io/unreachable` for Ready=Unknown or missing) implicitly, so a pod that
 * tolerates them (as DaemonSet pods do) still schedules and the messages match upstream's.
 */
export function implicitReadinessTaint(node: Node | undefined): Taint | undefined {
  let ready: { status?: string } | undefined;
  for (const c of node?.status?.conditions ?? NO_CONDITIONS) {
    if (c.type === 'Ready') {
      ready = c;
      break;
    }
  }
  if (ready?.status === 'True') return undefined;
  if (ready?.status === 'False') return { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
  return { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' };
}

/** True when the node is Ready, or the pod tolerates its readiness taint. */
export function fits(pod: Pod, node: NodeInfo): boolean {
  const taint = implicitReadinessTaint(node.node);
  return !taint || !findUntoleratedTaint([taint], pod.spec?.tolerations ?? [], ['NoSchedule']);
}

/** Only Ready nodes take new pods. */
export class NodeReady implements FilterPlugin {
  static readonly pluginName = 'NodeReady';
  readonly name = NodeReady.pluginName;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    const taint = implicitReadinessTaint(node.node);
    if (!taint || fits(pod, node)) return undefined;
    return Status.unresolvable(untoleratedTaintReason(taint));
  }
}
