import type { Pod } from '@tskube/api-types';
import type { StateData } from '../../framework/cycle-state';
import type { Labels } from '../../framework/label-match';
import type { NodeInfo } from '../../framework/node-info';
import { Status } from '../../framework/status';
import { affinityTerms, bump, matchesAllTerms, termMatches } from './terms';
import type { AffinityTerm, TopologyCounts } from './terms';

/** Upstream `ErrReasonExistingAntiAffinityRulesNotMatch`. */
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
/** Upstream `ErrReasonAffinityRulesNotMatch`. */
export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
/** Upstream `ErrReasonAntiAffinityRulesNotMatch`. */
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

/** PreFilter result (upstream `interpodaffinity.preFilterState`). */
export class AffinityFilterState implements StateData {
  constructor(
    /** The incoming pod's required terms (namespace selectors resolved). */
    readonly affinity: readonly AffinityTerm[],
    readonly antiAffinity: readonly AffinityTerm[],
    /** Labels of the incoming pod's namespace, for existing pods' namespace selectors. */
    readonly nsLabels: Labels | undefined,
    /** Domains where an existing pod's required anti-affinity matches the incoming pod. */
    readonly existingAnti: TopologyCounts = new Map(),
    /** Domains with pods matching all the incoming pod's affinity terms (per term key). */
    readonly affinityCounts: TopologyCounts = new Map(),
    /** Domains with pods matching one of the incoming pod's anti-affinity terms. */
    readonly antiCounts: TopologyCounts = new Map(),
  ) {}

  clone(): AffinityFilterState {
    return new AffinityFilterState(this.affinity, this.antiAffinity, this.nsLabels, new Map(this.existingAnti), new Map(this.affinityCounts), new Map(this.antiCounts));
  }

  /** Upstream `updateWithPod`: `other` (dis)appears on `node` (PreFilter and the preemption dry run). */
  updateWithPod(incoming: Pod, other: Pod, node: NodeInfo, delta: 1 | -1): void {
    const labels = node.node?.metadata?.labels ?? {};
    for (const t of affinityTerms(other).requiredAntiAffinity) if (termMatches(t, incoming, this.nsLabels)) bump(this.existingAnti, labels, t.topologyKey, delta);
    this.countIncoming(other, labels, delta);
  }

  /** Counts `other` against the incoming pod's own required terms. */
  countIncoming(other: Pod, labels: Labels, delta: number): void {
    if (matchesAllTerms(this.affinity, other)) for (const t of this.affinity) bump(this.affinityCounts, labels, t.topologyKey, delta);
    for (const t of this.antiAffinity) if (termMatches(t, other, undefined)) bump(this.antiCounts, labels, t.topologyKey, delta);
  }
}

/**
 * Upstream PreFilter counting: existing pods' required anti-affinity against the incoming pod
 * (only nodes holding such pods), then — if the incoming pod has required terms — every
 * existing pod against them.
 */
export function computeAffinityFilterState(pod: Pod, s: AffinityFilterState, nodes: readonly NodeInfo[]): void {
  const hasOwn = s.affinity.length > 0 || s.antiAffinity.length > 0;
  for (const n of nodes) {
    if (n.podsWithRequiredAntiAffinity.size === 0 && (!hasOwn || n.pods.size === 0)) continue; // common case first
    const labels = n.node?.metadata?.labels;
    if (!labels) continue;
    for (const existing of n.podsWithRequiredAntiAffinity.values()) {
      for (const t of affinityTerms(existing).requiredAntiAffinity) if (termMatches(t, pod, s.nsLabels)) bump(s.existingAnti, labels, t.topologyKey, 1);
    }
    if (hasOwn) for (const other of n.pods.values()) s.countIncoming(other, labels, 1);
  }
}

function pairOf(labels: Labels, key: string): string | undefined {
  const v = labels[key];
  return v === undefined ? undefined : `${key}\u0000${v}`;
}

/** Upstream Filter: affinity (unresolvable), then the pod's anti-affinity, then existing pods' anti-affinity. */
export function filterAffinity(s: AffinityFilterState, pod: Pod, node: NodeInfo): Status | undefined {
  const labels = node.node?.metadata?.labels ?? {};
  if (!satisfiesAffinity(s, pod, labels)) return Status.unresolvable(ERR_AFFINITY);
  if (s.antiCounts.size > 0) {
    for (const t of s.antiAffinity) {
      const k = pairOf(labels, t.topologyKey);
      if (k !== undefined && (s.antiCounts.get(k) ?? 0) > 0) return Status.unschedulable(ERR_ANTI_AFFINITY);
    }
  }
  if (s.existingAnti.size > 0) {
    for (const [key, value] of Object.entries(labels)) if ((s.existingAnti.get(`${key}\u0000${value}`) ?? 0) > 0) return Status.unschedulable(ERR_EXISTING_ANTI_AFFINITY);
  }
  return undefined;
}

/**
 * Upstream `satisfyPodAffinity`: the node has every term's key and each domain holds a matching
 * pod — or no pod matches anywhere yet and the pod matches its own terms (the first pod of a
 * group that has affinity to itself).
 */
function satisfiesAffinity(s: AffinityFilterState, pod: Pod, labels: Labels): boolean {
  let exist = true;
  for (const t of s.affinity) {
    const k = pairOf(labels, t.topologyKey);
    if (k === undefined) return false;
    if ((s.affinityCounts.get(k) ?? 0) <= 0) exist = false;
  }
  return exist || (s.affinityCounts.size === 0 && matchesAllTerms(s.affinity, pod));
}
