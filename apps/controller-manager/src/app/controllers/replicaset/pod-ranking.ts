import { getCondition, podIsReady } from '@tskube/api-types';
import type { Pod } from '@tskube/api-types';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(pod: Readonly<Pod>): number {
  const t = getCondition(pod.status?.conditions, 'Ready')?.lastTransitionTime;
  return t ? Date.parse(t) : 0;
}

function restarts(pod: Readonly<Pod>): number {
  return (pod.status?.containerStatuses ?? []).reduce((m, c) => Math.max(m, c.restartCount), 0);
}

/**
 * Orders pods so the best deletion candidates come first (upstream `ActivePodsWithRanks`):
 * unassigned before assigned; Pending, Unknown, then Running; not ready before ready; ready
 * for less time first; more restarts first; newer before older.
 */
export function compareForDeletion(a: Readonly<Pod>, b: Readonly<Pod>): number {
  const assigned = (p: Readonly<Pod>): number => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: Readonly<Pod>): number => PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: Readonly<Pod>): number => (podIsReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  if (ready(a) && readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: Readonly<Pod>): number => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
  return created(b) - created(a);
}

/** True when the pod has been Ready for at least `minReadySeconds` at `now` (upstream `IsPodAvailable`). */
export function podIsAvailable(pod: Readonly<Pod>, minReadySeconds: number, now: number): boolean {
  if (!podIsReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = readySince(pod);
  return since > 0 && since + minReadySeconds * 1000 <= now;
}
