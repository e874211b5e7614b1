import type { Node, Taint } from '@tskube/api-types';
import { readyCondition } from './node-health';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
const MANAGED = [TAINT_NOT_READY, TAINT_UNREACHABLE];

/**
 * The readiness taints a node should carry (upstream taint-based eviction plus
 * TaintNodesByCondition): Ready=False → `not-ready`, Ready=Unknown or missing → `unreachable`,
 * each with NoExecute and NoSchedule effects; Ready=True → none.
 */
export function desiredReadinessTaints(node: Readonly<Node>): Array<{ key: string; effect: 'NoExecute' | 'NoSchedule' }> {
  const status = readyCondition(node)?.status;
  if (status === 'True') return [];
  const key = status === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  return [
    { key, effect: 'NoSchedule' },
    { key, effect: 'NoExecute' },
  ];
}

/**
 * The node's taint list with readiness taints reconciled (others kept in order; an already
 * present taint keeps its `timeAdded`, new NoExecute taints get `timeAdded = now`), or undefined
 * when nothing changes.
 */
export function reconcileReadinessTaints(node: Readonly<Node>, now: number): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const desired = desiredReadinessTaints(node);
  const has = (t: { key: string; effect: string }): boolean => current.some((c) => c.key === t.key && c.effect === t.effect);
  const stale = current.filter((c) => MANAGED.includes(c.key) && !desired.some((d) => d.key === c.key && d.effect === c.effect));
  const missing = desired.filter((d) => !has(d));
  if (stale.length === 0 && missing.length === 0) return undefined;
  const timeAdded = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  return [
    ...current.filter((c) => !stale.includes(c)),
    ...missing.map((d): Taint => (d.effect === 'NoExecute' ? { ...d, timeAdded } : { ...d })),
  ];
}
