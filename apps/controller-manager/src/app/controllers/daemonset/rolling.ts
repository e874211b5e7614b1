/**
 * DaemonSet RollingUpdate planning (upstream `daemon/update.go` rollingUpdate), pure: given the
 * live daemon pods per node and the current revision hash, which old pods to delete and on which
 * nodes to create an updated pod now.
 * - maxSurge 0: delete old pods so that at most `maxUnavailable` nodes lack an available pod
 *   (unavailable old pods are always replaced); the manage loop then creates the new ones.
 * - maxSurge > 0: create the new pod beside the old one (at most `maxSurge` nodes at a time,
 *   unavailable old pods at once), and delete the old pod once the new one is available.
 * Both values are resolved against the desired node count, rounding up; both 0 means 1 unavailable.
 */
import { podIsReady } from '@tskube/api-types';
import type { DaemonSet, Pod } from '@tskube/api-types';
import { scaledValue } from '../deployment/util';
import { REVISION_HASH_LABEL } from './history';

export interface RollingPlan {
  deletePods: Readonly<Pod>[];
  createOn: string[];
}

/** Upstream `IsPodAvailable`: Ready for at least `minReadySeconds`. */
export function podAvailable(pod: Readonly<Pod>, minReadySeconds: number, now: number): boolean {
  if (!podIsReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse((pod.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

/** `[maxSurge, maxUnavailable]` for `desired` nodes (upstream `updatedDesiredNodeCounts`). */
export function surgeAndUnavailable(ds: Readonly<DaemonSet>, desired: number): [number, number] {
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, desired, true, 0);
  let unavailable = scaledValue(ru?.maxUnavailable, desired, true, 1);
  if (desired > 0 && surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

/** Upstream `findUpdatedPodsOnNode`: at most one new and one old live pod, else undefined. */
function splitPods(pods: readonly Readonly<Pod>[], hash: string): { newPod?: Readonly<Pod>; oldPod?: Readonly<Pod> } | undefined {
  let newPod: Readonly<Pod> | undefined;
  let oldPod: Readonly<Pod> | undefined;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp) continue;
    if (p.metadata?.labels?.[REVISION_HASH_LABEL] === hash) {
      if (newPod) return undefined;
      newPod = p;
    } else {
      if (oldPod) return undefined;
      oldPod = p;
    }
  }
  return { newPod, oldPod };
}

/**
 * `byNode`: live (non-failed) daemon pods per node, with every node the DaemonSet should run on
 * present (possibly empty); `shouldRun(node)` says whether the node is still eligible.
 */
export function planRollingUpdate(ds: Readonly<DaemonSet>, byNode: ReadonlyMap<string, readonly Readonly<Pod>[]>, hash: string, shouldRun: (node: string) => boolean, now: number): RollingPlan {
  const desired = [...byNode.keys()].filter(shouldRun).length;
  const [maxSurge, maxUnavailable] = surgeAndUnavailable(ds, desired);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const avail = (p: Readonly<Pod>): boolean => podAvailable(p, minReady, now);
  const nodes = [...byNode.keys()].sort();
  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: Readonly<Pod>[] = [];
    const candidates: Readonly<Pod>[] = [];
    for (const node of nodes) {
      const split = splitPods(byNode.get(node) ?? [], hash);
      if (!split || (!split.newPod && !split.oldPod) || (split.newPod && split.oldPod)) unavailable++;
      else if (split.newPod) {
        if (!avail(split.newPod)) unavailable++;
      } else if (split.oldPod && !avail(split.oldPod)) replace.push(split.oldPod);
      else if (split.oldPod && unavailable < maxUnavailable) candidates.push(split.oldPod);
    }
    const room = Math.min(candidates.length, Math.max(0, maxUnavailable - unavailable));
    return { deletePods: [...replace, ...candidates.slice(0, room)], createOn: [] };
  }
  const deletePods: Readonly<Pod>[] = [];
  const notRunning: Readonly<Pod>[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  let surging = 0;
  let available = 0;
  for (const node of nodes) {
    const split = splitPods(byNode.get(node) ?? [], hash);
    if (!split) {
      surging++;
      continue;
    }
    const { newPod, oldPod } = split;
    if ((oldPod && avail(oldPod)) || (!oldPod && newPod && avail(newPod))) available++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!avail(oldPod)) {
        if (!shouldRun(node)) deletePods.push(oldPod);
        else allowed.push(node);
      } else if (!shouldRun(node)) notRunning.push(oldPod);
      else if (surging < maxSurge) candidates.push(node);
      continue;
    }
    if (!avail(newPod)) surging++;
    else deletePods.push(oldPod);
  }
  // Pods on nodes that no longer qualify go only once enough pods elsewhere are available.
  deletePods.push(...notRunning.slice(0, Math.max(0, Math.min(notRunning.length, available - desired))));
  const room = Math.min(candidates.length, Math.max(0, maxSurge - surging));
  return { deletePods, createOn: [...allowed, ...candidates.slice(0, room)] };
}
