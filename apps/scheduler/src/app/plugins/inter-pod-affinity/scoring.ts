import type { Pod } from '@tskube/api-types';
import { MAX_NODE_SCORE } from '../../framework/interfaces';
import type { Labels } from '../../framework/label-match';
import type { NodeInfo } from '../../framework/node-info';
import { affinityTerms, termMatches } from './terms';
import type { AffinityTerm, WeightedAffinityTerm } from './terms';

/** Upstream default `hardPodAffinityWeight`: existing pods' required affinity counts as weight 1. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/** topologyKey → value → summed weight (upstream `scoreMap`). */
export type TopologyScore = Map<string, Map<string, number>>;

function add(m: TopologyScore, t: AffinityTerm, weight: number, target: Pod, nsLabels: Labels | undefined, nodeLabels: Labels): void {
  const v = nodeLabels[t.topologyKey];
  if (v === undefined || !termMatches(t, target, nsLabels)) return;
  let byValue = m.get(t.topologyKey);
  if (!byValue) m.set(t.topologyKey, (byValue = new Map<string, number>()));
  byValue.set(v, (byValue.get(v) ?? 0) + weight);
}

/**
 * Upstream PreScore: for each existing pod (all pods when the incoming pod has preferred terms,
 * else only pods with affinity), credit its node's domains with the incoming pod's preferred
 * (anti-)affinity weights it matches, and with the weights of its own required affinity
 * (`HARD_POD_AFFINITY_WEIGHT`) and preferred (anti-)affinity terms the incoming pod matches.
 */
export function computeTopologyScore(pod: Pod, preferred: readonly WeightedAffinityTerm[], preferredAnti: readonly WeightedAffinityTerm[], nsLabels: Labels | undefined, all: readonly NodeInfo[]): TopologyScore {
  const m: TopologyScore = new Map();
  const hasOwn = preferred.length > 0 || preferredAnti.length > 0;
  for (const n of all) {
    const pods = hasOwn ? n.pods : n.podsWithAffinity;
    if (pods.size === 0) continue; // the common case, checked first: this loop visits every node each cycle
    const labels = n.node?.metadata?.labels;
    if (!labels) continue;
    for (const existing of pods.values()) {
      for (const t of preferred) add(m, t, t.weight, existing, undefined, labels);
      for (const t of preferredAnti) add(m, t, -t.weight, existing, undefined, labels);
      const et = affinityTerms(existing);
      for (const t of et.requiredAffinity) add(m, t, HARD_POD_AFFINITY_WEIGHT, pod, nsLabels, labels);
      for (const t of et.preferredAffinity) add(m, t, t.weight, pod, nsLabels, labels);
      for (const t of et.preferredAntiAffinity) add(m, t, -t.weight, pod, nsLabels, labels);
    }
  }
  return m;
}

/** Upstream Score: the sum of the node's domains' weights. */
export function scoreAffinity(m: TopologyScore, node: NodeInfo): number {
  const labels = node.node?.metadata?.labels ?? {};
  let score = 0;
  for (const [key, byValue] of m) {
    const v = labels[key];
    if (v !== undefined) score += byValue.get(v) ?? 0;
  }
  return score;
}

/** Upstream NormalizeScore: `100 × (score − min) / (max − min)`, all 0 when equal. */
export function normalizeAffinityScores(scores: number[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    min = Math.min(min, s);
    max = Math.max(max, s);
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i]! - min)) / diff) : 0;
}
