import type { Pod } from '@tskube/api-types';
import type { CycleState } from './cycle-state';
import type { NodeInfo } from './node-info';
import type { Status } from './status';

/**
 * The scheduler framework's extension points, one small interface each (upstream
 * `framework/interface.go`). A plugin implements any subset; the framework finds out which with
 * the `is*Plugin` type guards. Plugins are pure with respect to the cluster: they read the pod,
 * the `NodeInfo` snapshot and the `CycleState`, and never call the API.
 */
export interface Plugin {
  readonly name: string;
}

/**
 * Upstream `PreFilterExtensions`: keep a plugin's PreFilter state current when the preemption
 * dry run removes (or re-adds) a pod on `node`, so Filter sees the cluster without the victims.
 */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: Pod, node: NodeInfo): void;
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: Pod, node: NodeInfo): void;
}

/**
 * Computes per-cycle data once, before any node is filtered (upstream `PreFilterPlugin`):
 * `nodes` is the whole snapshot. Returning `Code.Skip` tells the framework this plugin's Filter
 * has nothing to check for this pod; a rejection fails the pod on every node.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
  readonly preFilterExtensions?: PreFilterExtensions;
}

/**
 * Runs once before scoring with the feasible nodes and the whole snapshot (upstream
 * `PreScorePlugin`). Returning `Code.Skip` skips this plugin's Score for the cycle.
 */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, feasible: readonly NodeInfo[], all: readonly NodeInfo[]): Status | undefined;
}

/** Filters out nodes that cannot run the pod. Must be synchronous and side-effect free. */
export interface FilterPlugin extends Plugin {
  /** Returns undefined (success) when the pod fits `node`, otherwise a rejecting Status. */
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined;
}

/** Ranks feasible nodes; higher is better, in [0, MAX_NODE_SCORE]. */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /**
   * Optional upstream `ScoreExtensions.NormalizeScore`: rewrites this plugin's raw scores (one per
   * feasible node, in order) in place into [0, MAX_NODE_SCORE] before weights are applied;
   * `nodes[i]` is the node `scores[i]` belongs to.
   */
  normalizeScores?(state: CycleState, pod: Pod, scores: number[], nodes: readonly NodeInfo[]): void;
}

/**
 * Upstream `helper.DefaultNormalizeScore`: scales scores so the highest becomes `max`; with
 * `reverse` the best raw score (lowest) gets `max`. All-zero input becomes all `max` when reversed.
 * @example defaultNormalizeScore(100, false, [1, 2, 4]) → [25, 50, 100]
 */
export function defaultNormalizeScore(max: number, reverse: boolean, scores: number[]): void {
  const highest = Math.max(0, ...scores);
  for (let i = 0; i < scores.length; i++) {
    if (highest === 0) {
      scores[i] = reverse ? max : 0;
      continue;
    }
    const v = Math.floor((max * (scores[i] ?? 0)) / highest);
    scores[i] = reverse ? max - v : v;
  }
}

/** Highest score a ScorePlugin may return (upstream `MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;

export const isFilterPlugin = (p: Plugin): p is FilterPlugin => typeof (p as Partial<FilterPlugin>).filter === 'function';
export const isPreFilterPlugin = (p: Plugin): p is PreFilterPlugin => typeof (p as Partial<PreFilterPlugin>).preFilter === 'function';
export const isPreScorePlugin = (p: Plugin): p is PreScorePlugin => typeof (p as Partial<PreScorePlugin>).preScore === 'function';
export const isScorePlugin = (p: Plugin): p is ScorePlugin => typeof (p as Partial<ScorePlugin>).score === 'function';
