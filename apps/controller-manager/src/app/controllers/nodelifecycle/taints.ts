import type { Node, Taint } from '@tskube/api-types';
import { readyCondition } from './node-health';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Upstream `nodeConditionToTaintKeyStatusMap` minus Ready: a condition True → this NoSchedule taint. */
const PRESSURE_TAINTS: ReadonlyArray<readonly [conditionType: string, taintKey: string]> = [
  ['MemoryPressure', 'node.kubernetes.io/memory-pressure'],
  ['DiskPressure', 'node.kubernetes.io/disk-pressure'],
  ['PIDPressure', 'node.kubernetes.io/pid-pressure'],
  ['NetworkUnavailable', 'node.kubernetes.io/network-unavailable'],
];

/** Every taint key this controller owns: others on the node are never touched. */
const MANAGED = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, ...PRESSURE_TAINTS.map(([, key]) => key)]);

type DesiredTaint = { key: string; effect: 'NoExecute' | 'NoSchedule' };

/**
 * The controller-owned taints a node should carry (upstream taint-based eviction plus
 * TaintNodesByCondition): Ready=False → `not-ready`, Ready=Unknown or missing → `unreachable`,
 * each with NoExecute and NoSchedule effects (Ready=True → none); MemoryPressure, DiskPressure,
 * PIDPressure or NetworkUnavailable True → the matching `*-pressure` / `network-unavailable`
 * NoSchedule taint; `spec.unschedulable` (kubectl cordon) → `unschedulable` NoSchedule.
 */
export function desiredConditionTaints(node: Readonly<Node>): DesiredTaint[] {
  const desired: DesiredTaint[] = [];
  const status = readyCondition(node)?.status;
  if (status !== 'True') {
    const key = status === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
    desired.push({ key, effect: 'NoSchedule' }, { key, effect: 'NoExecute' });
  }
  const conditions = node.status?.conditions ?? [];
  for (const [type, key] of PRESSURE_TAINTS) {
    if (conditions.some((c) => c.type === type && c.status === 'True')) desired.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) desired.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return desired;
}

/**
 * The node's taint list with the controller-owned taints reconciled (others kept in order; an
 * already present taint keeps its `timeAdded`, new NoExecute taints get `timeAdded = now`), or
 * undefined when nothing changes.
 */
export function reconcileConditionTaints(node: Readonly<Node>, now: number): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const desired = desiredConditionTaints(node);
  const has = (t: DesiredTaint): boolean => current.some((c) => c.key === t.key && c.effect === t.effect);
  const stale = current.filter((c) => MANAGED.has(c.key) && !desired.some((d) => d.key === c.key && d.effect === c.effect));
  const missing = desired.filter((d) => !has(d));
  if (stale.length === 0 && missing.length === 0) return undefined;
  const timeAdded = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  return [
    ...current.filter((c) => !stale.includes(c)),
    ...missing.map((d): Taint => (d.effect === 'NoExecute' ? { ...d, timeAdded } : { ...d })),
  ];
}
