import type { Pod } from '@tskube/api-types';
import { MAX_NODE_SCORE } from '../../framework/interfaces';
import { podNamespace } from '../../framework/listers';
import type { NodeInfo } from '../../framework/node-info';
import { countMatching, LABEL_HOSTNAME, nodeHasAllKeys, nodeIncluded, pairKey } from './constraints';
import type { SpreadConstraint } from './constraints';

/** PreScore result for `ScheduleAnyway` constraints (upstream `preScoreState`). */
export interface SpreadScoreState {
  constraints: readonly SpreadConstraint[];
  /** Feasible nodes lacking a topology key (when all are required): they score 0. */
  ignored: Set<string>;
  /** Matching pods per domain, for non-hostname keys (hostname is counted in Score). */
  pairCounts: Map<string, number>;
  /** Per constraint, `ln(domains + 2)` (upstream `topologyNormalizingWeight`). */
  weights: number[];
}

/**
 * Upstream `initPreScoreState` + PreScore: the domains among the feasible nodes, then matching
 * pods counted over all nodes in those domains. Keys are required on every node only for the
 * pod's own constraints (system defaults tolerate nodes without a zone label).
 */
export function computeScoreState(pod: Pod, constraints: readonly SpreadConstraint[], requireAll: boolean, feasible: readonly NodeInfo[], all: readonly NodeInfo[]): SpreadScoreState {
  const s: SpreadScoreState = { constraints, ignored: new Set(), pairCounts: new Map(), weights: [] };
  const sizes = constraints.map(() => 0);
  for (const n of feasible) {
    const labels = n.node?.metadata?.labels ?? {};
    if (requireAll && !nodeHasAllKeys(labels, constraints)) {
      s.ignored.add(n.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const k = pairKey(c.topologyKey, labels[c.topologyKey] ?? '');
      if (!s.pairCounts.has(k)) {
        s.pairCounts.set(k, 0);
        sizes[i]!++;
      }
    });
  }
  s.weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? feasible.length - s.ignored.size : sizes[i]!) + 2));
  if (s.pairCounts.size === 0) return s;
  const ns = podNamespace(pod);
  for (const n of all) {
    const labels = n.node?.metadata?.labels ?? {};
    if (requireAll && !nodeHasAllKeys(labels, constraints)) continue;
    for (const c of constraints) {
      const k = pairKey(c.topologyKey, labels[c.topologyKey] ?? '');
      const cur = s.pairCounts.get(k);
      if (cur === undefined || c.topologyKey === LABEL_HOSTNAME || !nodeIncluded(c, pod, n)) continue;
      s.pairCounts.set(k, cur + countMatching(n, c.selector, ns));
    }
  }
  return s;
}

/** Upstream Score: Σ over constraints of `count × weight + (maxSkew − 1)`, rounded; fewer is better. */
export function scoreNode(s: SpreadScoreState, pod: Pod, node: NodeInfo): number {
  if (s.ignored.has(node.name)) return 0;
  const labels = node.node?.metadata?.labels ?? {};
  let score = 0;
  s.constraints.forEach((c, i) => {
    const value = labels[c.topologyKey];
    if (value === undefined) return;
    const cnt = c.topologyKey === LABEL_HOSTNAME ? countMatching(node, c.selector, podNamespace(pod)) : (s.pairCounts.get(pairKey(c.topologyKey, value)) ?? 0);
    score += cnt * s.weights[i]! + (c.maxSkew - 1);
  });
  return Math.round(score);
}

/** Upstream NormalizeScore: `100 × (max + min − score) / max` over non-ignored nodes; ignored get 0. */
export function normalizeSpreadScores(s: SpreadScoreState, scores: number[], nodes: readonly NodeInfo[]): void {
  let min = Infinity;
  let max = 0;
  scores.forEach((v, i) => {
    if (s.ignored.has(nodes[i]?.name ?? '')) return;
    min = Math.min(min, v);
    max = Math.max(max, v);
  });
  for (let i = 0; i < scores.length; i++) {
    if (s.ignored.has(nodes[i]?.name ?? '')) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
  }
}
