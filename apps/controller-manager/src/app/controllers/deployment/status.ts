import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '@tskube/api-types';
import { maxUnavailable, sumSpec, sumStatus } from './util';

/** RFC 3339 with seconds, as the API serializes metav1.Time. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Upstream `SetDeploymentCondition`: replaces the condition of that type; keeps
 * lastTransitionTime when the status did not change; a no-op when status and reason match.
 */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const conds = status.conditions ?? [];
  const cur = conds.find((c) => c.type === cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  if (cur && cur.status === cond.status) cond.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...conds.filter((c) => c.type !== cond.type), cond];
}

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

/** Upstream `calculateStatus`: counts over all ReplicaSets and the Available condition. */
export function calculateStatus(d: Readonly<Deployment>, all: readonly Readonly<ReplicaSet>[], newRS: Readonly<ReplicaSet> | undefined, now: number): DeploymentStatus {
  const available = sumStatus(all, 'availableReplicas');
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: sumStatus(all, 'replicas'),
    updatedReplicas: newRS ? (newRS.status?.replicas ?? 0) : 0,
    readyReplicas: sumStatus(all, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sumSpec(all) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions) status.conditions = structuredClone(d.status.conditions);
  const replicas = d.spec?.replicas ?? 1;
  if (available >= replicas - maxUnavailable(d)) setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  else setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  return status;
}

/** Upstream `DeploymentComplete`. */
export function deploymentComplete(d: Readonly<Deployment>, s: DeploymentStatus): boolean {
  const replicas = d.spec?.replicas ?? 1;
  return (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** Upstream `DeploymentProgressing`: the new RS grew or became more ready/available, or old pods went away. */
export function deploymentProgressing(d: Readonly<Deployment>, s: DeploymentStatus): boolean {
  const cur = d.status ?? {};
  const old = (x: DeploymentStatus): number => (x.replicas ?? 0) - (x.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (cur.updatedReplicas ?? 0) || (s.readyReplicas ?? 0) > (cur.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (cur.availableReplicas ?? 0) || old(s) < old(cur);
}

/**
 * Upstream `syncRolloutStatus` minus the write: the new status with the Progressing condition
 * (NewReplicaSetAvailable when complete, ReplicaSetUpdated while progressing,
 * ProgressDeadlineExceeded after `progressDeadlineSeconds` without progress).
 */
export function rolloutStatus(d: Readonly<Deployment>, all: readonly Readonly<ReplicaSet>[], newRS: Readonly<ReplicaSet> | undefined, now: number, createdNewRS = false): DeploymentStatus {
  const status = calculateStatus(d, all, newRS, now);
  const deadline = d.spec?.progressDeadlineSeconds ?? 600;
  const rsName = newRS?.metadata?.name ?? '';
  // Upstream `checkPausedConditions`: a paused rollout never times out.
  const prog = status.conditions?.find((c) => c.type === 'Progressing');
  if (d.spec?.paused) {
    if (prog?.reason !== 'DeploymentPaused') setCondition(status, newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now));
    return status;
  }
  if (prog?.reason === 'DeploymentPaused') setCondition(status, newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now));
  if (createdNewRS) setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rsName}"`, now));
  const cur = status.conditions?.find((c) => c.type === 'Progressing');
  const complete = status.replicas === status.updatedReplicas && cur?.reason === 'NewReplicaSetAvailable';
  if (complete) return status;
  if (deploymentComplete(d, status)) {
    const msg = newRS ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata?.name ?? ''}" has successfully progressed.`;
    setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', msg, now));
  } else if (deploymentProgressing(d, status)) {
    const c = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, now);
    if (cur?.status === 'True' && cur.lastTransitionTime) c.lastTransitionTime = cur.lastTransitionTime;
    status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== 'Progressing'), c];
  } else if (cur && cur.reason !== 'ProgressDeadlineExceeded' && Date.parse(cur.lastUpdateTime ?? '') + deadline * 1000 < now) {
    setCondition(status, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`, now));
  }
  return status;
}

/**
 * When the rollout is still in progress, how long until `progressDeadlineSeconds` would pass
 * without progress (upstream `requeueStuckDeployment`), so the sync can mark it exceeded.
 */
export function untilDeadlineMs(d: Readonly<Deployment>, status: DeploymentStatus, now: number): number | undefined {
  if (d.spec?.paused || deploymentComplete(d, status)) return undefined;
  const cur = status.conditions?.find((c) => c.type === 'Progressing');
  if (!cur || cur.reason === 'ProgressDeadlineExceeded' || cur.reason === 'NewReplicaSetAvailable') return undefined;
  const deadline = d.spec?.progressDeadlineSeconds ?? 600;
  const last = Date.parse(cur.lastUpdateTime ?? '');
  if (Number.isNaN(last)) return undefined;
  return Math.max(1000, last + deadline * 1000 - now + 1000);
}
