import type { LabelSelectorPredicate, Pod } from '@tskube/api-types';
import type { PodAffinityTerm } from 'kubernetes-types/core/v1';
import { NOTHING, selectorOrNothing } from '../../framework/label-match';
import type { Labels } from '../../framework/label-match';
import type { ClusterListers } from '../../framework/listers';
import { podNamespace } from '../../framework/listers';

/** A parsed `PodAffinityTerm` (upstream `framework.AffinityTerm`). */
export interface AffinityTerm {
  /** `namespaces`, or the pod's own namespace when neither it nor `namespaceSelector` is set. */
  namespaces: ReadonlySet<string>;
  /** nil = nothing; `{}` = every namespace. */
  namespaceSelector: LabelSelectorPredicate;
  selector: LabelSelectorPredicate;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** A pod's four term lists, parsed once per pod object (upstream `PodInfo`). */
export interface PodAffinityTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

function parseTerm(pod: Readonly<Pod>, t: PodAffinityTerm): AffinityTerm {
  const own = !t.namespaces?.length && !t.namespaceSelector;
  return {
    namespaces: new Set(own ? [podNamespace(pod)] : (t.namespaces ?? [])),
    namespaceSelector: selectorOrNothing(t.namespaceSelector),
    selector: selectorOrNothing(t.labelSelector),
    topologyKey: t.topologyKey,
  };
}

const parsed = new WeakMap<object, PodAffinityTerms>();

/** The pod's parsed affinity terms; cached per pod object (informer objects are immutable). */
export function affinityTerms(pod: Readonly<Pod>): PodAffinityTerms {
  const hit = parsed.get(pod);
  if (hit) return hit;
  const a = pod.spec?.affinity;
  const out: PodAffinityTerms = {
    requiredAffinity: (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => parseTerm(pod, t)),
    requiredAntiAffinity: (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => parseTerm(pod, t)),
    preferredAffinity: (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({ ...parseTerm(pod, w.podAffinityTerm), weight: w.weight })),
    preferredAntiAffinity: (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({ ...parseTerm(pod, w.podAffinityTerm), weight: w.weight })),
  };
  parsed.set(pod, out);
  return out;
}

/**
 * Upstream `AffinityTerm.Matches`: the pod is in one of the term's namespaces (or its
 * namespace's labels match the namespace selector) and its labels match the selector.
 */
export function termMatches(t: AffinityTerm, pod: Readonly<Pod>, nsLabels: Labels | undefined): boolean {
  if (!t.namespaces.has(podNamespace(pod)) && !t.namespaceSelector.matches(nsLabels ?? {})) return false;
  return t.selector.matches(pod.metadata?.labels);
}

/** Upstream `podMatchesAllAffinityTerms`: false for no terms. */
export function matchesAllTerms(terms: readonly AffinityTerm[], pod: Readonly<Pod>): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, pod, undefined));
}

/**
 * Upstream `mergeAffinityTermNamespacesIfNotEmpty`, for the incoming pod's own terms: a
 * non-empty namespace selector is resolved into namespace names now (so matching needs no
 * labels later) and then matches nothing itself. Returns new terms; the cache is untouched.
 */
export function resolveNamespaces<T extends AffinityTerm>(terms: readonly T[], listers: ClusterListers): T[] {
  return terms.map((t) => {
    if (t.namespaceSelector.empty || t.namespaceSelector === NOTHING) return t;
    const names = new Set(t.namespaces);
    for (const ns of listers.namespaces()) if (t.namespaceSelector.matches(ns.labels)) names.add(ns.name);
    return { ...t, namespaces: names, namespaceSelector: NOTHING };
  });
}

/** Map from topology pair (`key\0value`) to a count (upstream `topologyToMatchedTermCount`). */
export type TopologyCounts = Map<string, number>;

/** Adds `delta` to the node's pair for `key` when the node has that label (deletes zeros). */
export function bump(m: TopologyCounts, labels: Labels, key: string, delta: number): void {
  const v = labels[key];
  if (v === undefined) return;
  const k = `${key}\u0000${v}`;
  const n = (m.get(k) ?? 0) + delta;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}
