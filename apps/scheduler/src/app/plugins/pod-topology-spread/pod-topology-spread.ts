import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin, PreFilterExtensions, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces';
import type { ClusterListers } from '../../framework/listers';
import type { NodeInfo } from '../../framework/node-info';
import { Code, Status } from '../../framework/status';
import { podConstraints } from './constraints';
import { computeFilterState, filterNode } from './filtering';
import type { SpreadFilterState } from './filtering';
import { computeScoreState, normalizeSpreadScores, scoreNode } from './scoring';
import type { SpreadScoreState } from './scoring';

const FILTER_KEY = 'PreFilterPodTopologySpread';
const SCORE_KEY = 'PreScorePodTopologySpread';

/**
 * Upstream PodTopologySpread: `DoNotSchedule` constraints filter (skew against the global
 * minimum, `minDomains`, inclusion policies, `matchLabelKeys`), `ScheduleAnyway` constraints
 * score (fewer matching pods in the node's domains is better). Pods without constraints get
 * the system defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) when a Service,
 * ReplicationController or ReplicaSet selects them. Counting happens once per cycle in
 * PreFilter / PreScore; Filter and Score are O(constraints) per node (hostname scoring counts
 * the node's own pods).
 */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  static readonly pluginName = 'PodTopologySpread';
  readonly name = PodTopologySpread.pluginName;

  constructor(private readonly listers: ClusterListers) {}

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    const { constraints } = podConstraints(pod, 'DoNotSchedule', this.listers);
    if (constraints.length === 0) return new Status(Code.Skip);
    state.write(FILTER_KEY, computeFilterState(pod, constraints, nodes));
    return undefined;
  }

  readonly preFilterExtensions: PreFilterExtensions = {
    addPod: (state, pod, added, node) => state.read<SpreadFilterState>(FILTER_KEY)?.updateWithPod(added, pod, node, 1),
    removePod: (state, pod, removed, node) => state.read<SpreadFilterState>(FILTER_KEY)?.updateWithPod(removed, pod, node, -1),
  };

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    const s = state.read<SpreadFilterState>(FILTER_KEY);
    return s ? filterNode(s, pod, node) : undefined;
  }

  preScore(state: CycleState, pod: Pod, feasible: readonly NodeInfo[], all: readonly NodeInfo[]): Status | undefined {
    if (feasible.length === 0 || all.length === 0) return new Status(Code.Skip);
    const { constraints, systemDefaulted } = podConstraints(pod, 'ScheduleAnyway', this.listers);
    if (constraints.length === 0) return new Status(Code.Skip);
    state.write(SCORE_KEY, computeScoreState(pod, constraints, !systemDefaulted, feasible, all));
    return undefined;
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const s = state.read<SpreadScoreState>(SCORE_KEY);
    return s ? scoreNode(s, pod, node) : 0;
  }

  normalizeScores(state: CycleState, _pod: Pod, scores: number[], nodes: readonly NodeInfo[]): void {
    const s = state.read<SpreadScoreState>(SCORE_KEY);
    if (s) normalizeSpreadScores(s, scores, nodes);
  }
}
