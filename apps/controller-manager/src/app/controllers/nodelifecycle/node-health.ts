import type { Lease, Node, NodeCondition } from '@tskube/api-types';

/** Upstream reasons/messages for conditions the controller sets when the kubelet goes silent. */
export const NODE_STATUS_UNKNOWN = { reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
export const NODE_STATUS_NEVER_UPDATED = { reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' };

/** Conditions the kubelet owns and the controller flips to Unknown (upstream's list). */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

interface Observed {
  heartbeat: string;
  leaseRenew: string;
  /** Local clock time we last saw either change (upstream `probeTimestamp`). */
  probeTimestamp: number;
}

/**
 * Per-node liveness as upstream's `nodeHealthData`: the controller never compares the kubelet's
 * timestamps with its own clock (they may be skewed); it notes, on its own clock, when the Ready
 * condition's lastHeartbeatTime or the node Lease's renewTime last *changed*.
 */
export class NodeHealthTracker {
  private readonly nodes = new Map<string, Observed>();

  /** Records what is currently visible and returns the probe timestamp for the node. */
  observe(node: Readonly<Node>, lease: Readonly<Lease> | undefined, now: number): number {
    const name = node.metadata?.name ?? '';
    const heartbeat = readyCondition(node)?.lastHeartbeatTime ?? '';
    const leaseRenew = lease?.spec?.renewTime ?? '';
    const prev = this.nodes.get(name);
    if (!prev || prev.heartbeat !== heartbeat || prev.leaseRenew !== leaseRenew) {
      this.nodes.set(name, { heartbeat, leaseRenew, probeTimestamp: now });
      return now;
    }
    return prev.probeTimestamp;
  }

  /** Drops what it knows about nodes not in `names` (deleted nodes). */
  retain(names: ReadonlySet<string>): void {
    for (const name of this.nodes.keys()) if (!names.has(name)) this.nodes.delete(name);
  }
}

export function readyCondition(node: Readonly<Node>): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

/**
 * When nothing was heard from the node for the grace period (node-startup-grace-period while
 * the kubelet never posted a Ready condition), returns the node's conditions with every
 * monitored one set to Unknown — lastTransitionTime moves only for those that change — or
 * undefined when the node is healthy or already marked. (upstream `tryUpdateNodeHealth`)
 */
export function unknownConditions(node: Readonly<Node>, probeTimestamp: number, now: number, o: { gracePeriodMs: number; startupGracePeriodMs: number }): NodeCondition[] | undefined {
  const ready = readyCondition(node);
  const grace = ready ? o.gracePeriodMs : o.startupGracePeriodMs;
  if (now <= probeTimestamp + grace) return undefined;
  const nowIso = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  const conds = [...(node.status?.conditions ?? [])];
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const i = conds.findIndex((c) => c.type === type);
    const cur = i >= 0 ? conds[i] : undefined;
    if (cur?.status === 'Unknown' || (!cur && type !== 'Ready')) continue;
    changed = true;
    const why = cur ? NODE_STATUS_UNKNOWN : NODE_STATUS_NEVER_UPDATED;
    const next: NodeCondition = { type, status: 'Unknown', reason: why.reason, message: why.message, lastHeartbeatTime: cur?.lastHeartbeatTime ?? nowIso, lastTransitionTime: nowIso };
    if (i >= 0) conds[i] = next;
    else conds.push(next);
  }
  return changed ? conds : undefined;
}
