import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin, PreFilterExtensions, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces';
import type { ClusterListers } from '../../framework/listers';
import { podNamespace } from '../../framework/listers';
import type { NodeInfo } from '../../framework/node-info';
import { Code, Status } from '../../framework/status';
import { AffinityFilterState, computeAffinityFilterState, filterAffinity } from './filtering';
import { computeTopologyScore, normalizeAffinityScores, scoreAffinity } from './scoring';
import type { TopologyScore } from './scoring';
import { affinityTerms, resolveNamespaces } from './terms';

const FILTER_KEY = 'PreFilterInterPodAffinity';
const SCORE_KEY = 'PreScoreInterPodAffinity';

/**
 * Upstream InterPodAffinity: required pod affinity / anti-affinity of the incoming pod and the
 * required anti-affinity of existing pods filter (per topology domain: `topologyKey`,
 * `namespaces` / `namespaceSelector`); preferred terms of both sides, plus existing pods'
 * required affinity (weight 1), score. Everything is counted per domain once per cycle;
 * Filter/Score look the node's domains up (O(terms + labels) per node). Pods without affinity
 * in a cluster without affinity pods skip both phases.
 */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  static readonly pluginName = 'InterPodAffinity';
  readonly name = InterPodAffinity.pluginName;

  constructor(private readonly listers: ClusterListers) {}

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    const own = affinityTerms(pod);
    const s = new AffinityFilterState(resolveNamespaces(own.requiredAffinity, this.listers), resolveNamespaces(own.requiredAntiAffinity, this.listers), this.listers.namespaceLabels(podNamespace(pod)));
    computeAffinityFilterState(pod, s, nodes);
    if (s.existingAnti.size === 0 && s.affinity.length === 0 && s.antiAffinity.length === 0) return new Status(Code.Skip);
    state.write(FILTER_KEY, s);
    return undefined;
  }

  readonly preFilterExtensions: PreFilterExtensions = {
    addPod: (state, pod, added, node) => state.read<AffinityFilterState>(FILTER_KEY)?.updateWithPod(pod, added, node, 1),
    removePod: (state, pod, removed, node) => state.read<AffinityFilterState>(FILTER_KEY)?.updateWithPod(pod, removed, node, -1),
  };

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    const s = state.read<AffinityFilterState>(FILTER_KEY);
    return s ? filterAffinity(s, pod, node) : undefined;
  }

  preScore(state: CycleState, pod: Pod, _feasible: readonly NodeInfo[], all: readonly NodeInfo[]): Status | undefined {
    const own = affinityTerms(pod);
    const m = computeTopologyScore(pod, resolveNamespaces(own.preferredAffinity, this.listers), resolveNamespaces(own.preferredAntiAffinity, this.listers), this.listers.namespaceLabels(podNamespace(pod)), all);
    if (m.size === 0) return new Status(Code.Skip);
    state.write(SCORE_KEY, m);
    return undefined;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const m = state.read<TopologyScore>(SCORE_KEY);
    return m ? scoreAffinity(m, node) : 0;
  }

  normalizeScores(state: CycleState, _pod: Pod, scores: number[]): void {
    if (state.read<TopologyScore>(SCORE_KEY)) normalizeAffinityScores(scores);
  }
}
