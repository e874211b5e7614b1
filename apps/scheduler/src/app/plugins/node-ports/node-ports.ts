import type { ContainerPort, Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { Status } from '../../framework/status';

/** Upstream `ErrReason`. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** The host ports a pod asks for (containers and init containers; hostPort 0 = none). */
export function hostPorts(pod: Readonly<Pod>): HostPort[] {
  const out: HostPort[] = [];
  const add = (p: ContainerPort): void => {
    if (p.hostPort && p.hostPort > 0) out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
  };
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) (c.ports ?? []).forEach(add);
  return out;
}

/** Two host ports clash on the same port and protocol when either IP is the wildcard or both are equal. */
function conflicts(a: HostPort, b: HostPort): boolean {
  return a.port === b.port && a.protocol === b.protocol && (a.ip === '0.0.0.0' || b.ip === '0.0.0.0' || a.ip === b.ip);
}

/** True when none of `wanted` clashes with a host port used by a pod already on the node. */
export function fits(wanted: readonly HostPort[], node: NodeInfo): boolean {
  if (wanted.length === 0) return true;
  for (const other of node.pods.values()) for (const used of hostPorts(other)) if (wanted.some((w) => conflicts(w, used))) return false;
  return true;
}

const STATE_KEY = 'PreFilterNodePorts';

/** Rejects nodes where another pod already uses a requested hostPort (upstream NodePorts). */
export class NodePorts implements FilterPlugin {
  static readonly pluginName = 'NodePorts';
  readonly name = NodePorts.pluginName;

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    let wanted = state.read<HostPort[]>(STATE_KEY);
    if (!wanted) {
      wanted = hostPorts(pod);
      state.write(STATE_KEY, wanted);
    }
    return fits(wanted, node) ? undefined : Status.unschedulable(ERR_REASON);
  }
}
