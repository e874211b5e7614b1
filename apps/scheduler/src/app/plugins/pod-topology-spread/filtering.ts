import type { Pod } from '@tskube/api-types';
import type { StateData } from '../../framework/cycle-state';
import type { NodeInfo } from '../../framework/node-info';
import { podNamespace } from '../../framework/listers';
import { Status } from '../../framework/status';
import { countMatching, nodeHasAllKeys, nodeIncluded, pairKey } from './constraints';
import type { SpreadConstraint } from './constraints';

/** Upstream `ErrReasonConstraintsNotMatch`. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** Upstream `ErrReasonNodeLabelNotMatch`. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/**
 * PreFilter result for `DoNotSchedule` constraints (upstream `preFilterState`): matching pods
 * per topology domain, computed once per cycle so Filter is O(constraints) per node.
 */
export class SpreadFilterState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** Matching pods per (topologyKey, value) over the eligible nodes; 0-count domains included. */
    readonly pairCounts: Map<string, number> = new Map(),
    /** Domains per topology key and the smallest count among them (upstream critical paths). */
    readonly domains: Map<string, { num: number; min: number }> = new Map(),
  ) {}

  clone(): SpreadFilterState {
    return new SpreadFilterState(this.constraints, new Map(this.pairCounts), new Map([...this.domains].map(([k, v]) => [k, { ...v }])));
  }

  /** Recomputes `domains` from `pairCounts`. */
  summarize(): void {
    this.domains.clear();
    for (const c of this.constraints) this.domains.set(c.topologyKey, { num: 0, min: Infinity });
    for (const [pair, n] of this.pairCounts) {
      const d = this.domains.get(pair.slice(0, pair.indexOf('\u0000')));
      if (!d) continue;
      d.num++;
      d.min = Math.min(d.min, n);
    }
  }

  /** Upstream `minMatchNum`: the global minimum, 0 while there are fewer domains than `minDomains`. */
  minMatch(c: SpreadConstraint): number | undefined {
    const d = this.domains.get(c.topologyKey);
    if (!d || d.num === 0) return undefined;
    return d.num < c.minDomains ? 0 : d.min;
  }

  /** Upstream `updateWithPod`: `pod` (dis)appears on `node` during the preemption dry run. */
  updateWithPod(pod: Pod, preemptor: Pod, node: NodeInfo, delta: 1 | -1): void {
    const labels = node.node?.metadata?.labels ?? {};
    if (podNamespace(pod) !== podNamespace(preemptor) || !nodeHasAllKeys(labels, this.constraints)) return;
    for (const c of this.constraints) {
      if (!c.selector.matches(pod.metadata?.labels)) continue;
      const k = pairKey(c.topologyKey, labels[c.topologyKey] ?? '');
      this.pairCounts.set(k, (this.pairCounts.get(k) ?? 0) + delta);
    }
    this.summarize();
  }
}

/**
 * Upstream `calPreFilterState`: for every node that has all topology keys and passes each
 * constraint's inclusion policies, adds its matching pods to its domain's count.
 */
export function computeFilterState(pod: Pod, constraints: readonly SpreadConstraint[], nodes: readonly NodeInfo[]): SpreadFilterState {
  const s = new SpreadFilterState(constraints);
  const ns = podNamespace(pod);
  for (const n of nodes) {
    const labels = n.node?.metadata?.labels;
    if (!labels || !nodeHasAllKeys(labels, constraints)) continue;
    for (const c of constraints) {
      if (!nodeIncluded(c, pod, n)) continue;
      const k = pairKey(c.topologyKey, labels[c.topologyKey] ?? '');
      s.pairCounts.set(k, (s.pairCounts.get(k) ?? 0) + countMatching(n, c.selector, ns));
    }
  }
  s.summarize();
  return s;
}

/**
 * Upstream Filter: a node lacking a topology key is unresolvable; otherwise for each constraint
 * `matching in the node's domain + (1 if the pod matches its own selector) − global minimum`
 * must not exceed `maxSkew`.
 */
export function filterNode(s: SpreadFilterState, pod: Pod, node: NodeInfo): Status | undefined {
  const labels = node.node?.metadata?.labels ?? {};
  for (const c of s.constraints) {
    const value = labels[c.topologyKey];
    if (value === undefined) return Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    const min = s.minMatch(c);
    if (min === undefined) continue;
    const self = c.selector.matches(pod.metadata?.labels) ? 1 : 0;
    const skew = (s.pairCounts.get(pairKey(c.topologyKey, value)) ?? 0) + self - min;
    if (skew > c.maxSkew) return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return undefined;
}
