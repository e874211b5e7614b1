/** Small pure helpers over Pod status (upstream `podutil`). */
import type { Pod } from '../types';

/** Anything with a `type` field: pod, node, deployment conditions. */
export interface HasConditionType {
  type: string;
}

/** The condition of the given type, or undefined. Returns the same object (do not mutate cached ones). */
export function getCondition<C extends HasConditionType>(conds: readonly C[] | undefined, type: string): C | undefined {
  return conds?.find((c) => c.type === type);
}

/** True when the pod's `Ready` condition has status `True`. */
export function podIsReady(pod: Readonly<Pod>): boolean {
  return getCondition(pod.status?.conditions, 'Ready')?.status === 'True';
}

/** True when the pod has finished (phase Succeeded or Failed). */
export function podIsTerminal(pod: Readonly<Pod>): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** True when the pod is active: not terminal and not being deleted (upstream `IsPodActive`). */
export function podIsActive(pod: Readonly<Pod>): boolean {
  return !podIsTerminal(pod) && !pod.metadata?.deletionTimestamp;
}
