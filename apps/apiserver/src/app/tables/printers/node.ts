/**
 * Nodes: NAME STATUS ROLES AGE VERSION | INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
 * CONTAINER-RUNTIME. STATUS is Ready / NotReady / Unknown (no Ready condition), plus
 * ",SchedulingDisabled" for cordoned nodes. ROLES come from node-role.kubernetes.io/<role>
 * labels and the kubernetes.io/role label.
 */
import type { Node } from '@tskube/api-types';
import { translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: Printer<Node> = {
  columns: [
    NAME_COLUMN,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).', 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(node, now) {
    const status: string[] = [];
    const readyCond = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (readyCond) status.push(readyCond.status === 'True' ? 'Ready' : 'NotReady');
    if (status.length === 0) status.push('Unknown');
    if (node.spec?.unschedulable) status.push('SchedulingDisabled');
    const info = node.status?.nodeInfo;
    return [
      node.metadata?.name ?? '',
      status.join(','),
      nodeRoles(node).join(',') || '<none>',
      translateTimestampSince(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};
