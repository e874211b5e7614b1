import type { Pod, Taint, Toleration } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import { defaultNormalizeScore, MAX_NODE_SCORE } from '../../framework/interfaces';
import type { FilterPlugin, ScorePlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { Status } from '../../framework/status';

/** Upstream message prefix: `node(s) had untolerated taint {key: value}`. */
export const ERR_REASON_PREFIX = 'node(s) had untolerated taint';

/** True when `t` tolerates `taint` (upstream `Toleration.ToleratesTaint`). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true; // empty key + Exists matches every taint
  if (!t.key) return false; // Equal needs a key
  return (t.value ?? '') === (taint.value ?? '');
}

/**
 * First taint among `taints` with an effect in `effects` that no toleration tolerates, or
 * undefined when all are tolerated.
 */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], effects: readonly string[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => toleratesTaint(t, taint)));
}

export function untoleratedTaintReason(taint: Taint): string {
  return `${ERR_REASON_PREFIX} {${taint.key}: ${taint.value ?? ''}}`;
}

/**
 * Upstream `countIntolerableTaintsPreferNoSchedule`: PreferNoSchedule taints no toleration
 * (with an empty or PreferNoSchedule effect) tolerates.
 */
export function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  const relevant = tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return taints.filter((taint) => taint.effect === 'PreferNoSchedule' && !relevant.some((t) => toleratesTaint(t, taint))).length;
}

const FILTER_EFFECTS: readonly string[] = ['NoSchedule', 'NoExecute'];

/**
 * Rejects nodes with a NoSchedule/NoExecute taint the pod does not tolerate; scores nodes by
 * their untolerated PreferNoSchedule taints (fewer is better, normalized in reverse).
 */
export class TaintToleration implements FilterPlugin, ScorePlugin {
  static readonly pluginName = 'TaintToleration';
  readonly name = TaintToleration.pluginName;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    const taints = node.node?.spec?.taints;
    if (!taints?.length) return undefined; // most nodes: no allocation on the hot path
    const taint = findUntoleratedTaint(taints, pod.spec?.tolerations ?? [], FILTER_EFFECTS);
    return taint ? Status.unresolvable(untoleratedTaintReason(taint)) : undefined;
  }

  score(_state: CycleState, pod: Pod, node: NodeInfo): number {
    const taints = node.node?.spec?.taints;
    if (!taints?.length) return 0;
    return countIntolerablePreferNoSchedule(taints, pod.spec?.tolerations ?? []);
  }

  normalizeScores(_state: CycleState, _pod: Pod, scores: number[]): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  }
}
