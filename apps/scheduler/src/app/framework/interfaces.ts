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

/** Filters out nodes that cannot run the pod. Must be synchronous and side-effect free. */
export interface FilterPlugin extends Plugin {
  /** Returns undefined (success) when the pod fits `node`, otherwise a rejecting Status. */
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined;
}

/** Ranks feasible nodes; higher is better, in [0, MAX_NODE_SCORE]. */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
}

/** Highest score a ScorePlugin may return (upstream `MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;

export const isFilterPlugin = (p: Plugin): p is FilterPlugin => typeof (p as Partial<FilterPlugin>).filter === 'function';
export const isScorePlugin = (p: Plugin): p is ScorePlugin => typeof (p as Partial<ScorePlugin>).score === 'function';
