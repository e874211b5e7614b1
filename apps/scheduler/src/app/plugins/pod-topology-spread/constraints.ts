import type { LabelSelector, LabelSelectorPredicate, Pod } from '@tskube/api-types';
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { labelSelectorFromObject } from '@tskube/api-types';
import { NOTHING, selectorOrNothing } from '../../framework/label-match';
import type { Labels } from '../../framework/label-match';
import type { ClusterListers } from '../../framework/listers';
import { podNamespace } from '../../framework/listers';
import type { NodeInfo } from '../../framework/node-info';
import { fits as nodeAffinityFits } from '../node-affinity/node-affinity';
import { findUntoleratedTaint } from '../taint-toleration/taint-toleration';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** A parsed constraint with upstream's defaults applied (`topologySpreadConstraint`). */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelectorPredicate;
  /** `minDomains`, default 1. */
  minDomains: number;
  /** Default Honor: nodes the pod's nodeSelector/required affinity excludes are not counted. */
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Default Ignore: tainted nodes still count. */
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** Upstream's system default constraints (used when a pod has none and a controller/Service selects it). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/**
 * Upstream `filterTopologySpreadConstraints`: the constraints with `whenUnsatisfiable ===
 * action`, selectors parsed (nil = nothing), `matchLabelKeys` merged in as `key=<pod's value>`
 * for the keys the pod has, and inclusion-policy defaults applied.
 */
export function parseConstraints(cs: readonly TopologySpreadConstraint[], podLabels: Labels, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of cs) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorOrNothing(c.labelSelector);
    const extra: Record<string, string> = {};
    for (const k of c.matchLabelKeys ?? []) if (podLabels[k] !== undefined) extra[k] = podLabels[k];
    if (c.labelSelector && Object.keys(extra).length) selector = selectorOrNothing({ ...c.labelSelector, matchLabels: { ...c.labelSelector.matchLabels, ...extra } });
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
    });
  }
  return out;
}

/**
 * Upstream `helper.DefaultSelector`: the union of the selectors of the Services selecting the
 * pod, plus its controlling ReplicationController's selector or ReplicaSet's label selector.
 * Undefined when nothing selects the pod (then no default spreading applies).
 */
export function defaultSelector(pod: Readonly<Pod>, listers: ClusterListers): LabelSelectorPredicate | undefined {
  const ns = podNamespace(pod);
  const labels = pod.metadata?.labels ?? {};
  const matchLabels: Record<string, string> = {};
  for (const svc of listers.servicesIn(ns)) {
    const sel = svc.spec?.selector;
    if (!sel) continue;
    if (Object.entries(sel).every(([k, v]) => labels[k] === v)) Object.assign(matchLabels, sel);
  }
  const sel: LabelSelector = { matchLabels };
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (owner?.kind === 'ReplicationController' && owner.apiVersion === 'v1') {
    Object.assign(matchLabels, listers.replicationController(ns, owner.name)?.spec?.selector ?? {});
  } else if (owner?.kind === 'ReplicaSet' && owner.apiVersion === 'apps/v1') {
    const rs = listers.replicaSet(ns, owner.name)?.spec?.selector;
    if (rs) {
      Object.assign(matchLabels, rs.matchLabels ?? {});
      sel.matchExpressions = rs.matchExpressions;
    }
  }
  if (Object.keys(matchLabels).length === 0 && !sel.matchExpressions?.length) return undefined;
  try {
    return labelSelectorFromObject(sel);
  } catch {
    return NOTHING;
  }
}

/**
 * The pod's constraints for `action` (upstream `getConstraints` / `buildDefaultConstraints`):
 * its own `topologySpreadConstraints`, or — when it has none — the system defaults with the
 * {@link defaultSelector} (none if nothing selects the pod). `systemDefaulted` tells which.
 */
export function podConstraints(pod: Readonly<Pod>, action: 'DoNotSchedule' | 'ScheduleAnyway', listers: ClusterListers): { constraints: SpreadConstraint[]; systemDefaulted: boolean } {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  const labels = pod.metadata?.labels ?? {};
  if (own.length) return { constraints: parseConstraints(own, labels, action), systemDefaulted: false };
  const defaults = parseConstraints(SYSTEM_DEFAULT_CONSTRAINTS, labels, action);
  if (!defaults.length) return { constraints: [], systemDefaulted: true };
  const selector = defaultSelector(pod, listers);
  if (!selector) return { constraints: [], systemDefaulted: true };
  return { constraints: defaults.map((c) => ({ ...c, selector })), systemDefaulted: true };
}

/** True when the node has every constraint's topology key (upstream `nodeLabelsMatchSpreadConstraints`). */
export function nodeHasAllKeys(labels: Labels, cs: readonly SpreadConstraint[]): boolean {
  return cs.every((c) => labels[c.topologyKey] !== undefined);
}

/** Upstream `matchNodeInclusionPolicies`: whether the node's domain counts for this constraint. */
export function nodeIncluded(c: SpreadConstraint, pod: Readonly<Pod>, node: NodeInfo): boolean {
  if (!node.node) return false;
  if (c.nodeAffinityPolicy === 'Honor' && !nodeAffinityFits(pod, node.node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.node.spec?.taints ?? [], pod.spec?.tolerations ?? [], ['NoSchedule', 'NoExecute'])) return false;
  return true;
}

/** Upstream `countPodsMatchSelector`: pods on the node in `ns` matching, terminating ones excluded. */
export function countMatching(node: NodeInfo, selector: LabelSelectorPredicate, ns: string): number {
  if (selector.empty) return 0;
  let n = 0;
  for (const p of node.pods.values()) {
    if (p.metadata?.deletionTimestamp || (p.metadata?.namespace ?? '') !== ns) continue;
    if (selector.matches(p.metadata?.labels)) n++;
  }
  return n;
}

/** Map key of a topology pair (key, value). */
export const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;
