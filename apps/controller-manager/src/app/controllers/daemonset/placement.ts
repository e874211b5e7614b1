import type { DaemonSet, Node, Pod } from '@tskube/api-types';

type Toleration = NonNullable<NonNullable<Pod['spec']>['tolerations']>[number];
type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
type Requirement = { key: string; operator: string; values?: readonly string[] };

/**
 * Tolerations upstream adds to every daemon pod (`AddOrUpdateDaemonPodTolerations`), so daemons
 * keep running on not-ready, unreachable, pressured or cordoned nodes.
 */
export const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** The pod's tolerations plus the daemon defaults it lacks. */
export function daemonTolerations(own: readonly Toleration[] | undefined): Toleration[] {
  const out = [...(own ?? [])];
  for (const t of DAEMON_TOLERATIONS) if (!out.some((o) => o.key === t.key && o.effect === t.effect)) out.push({ ...t });
  return out;
}

/** Upstream `Toleration.ToleratesTaint`. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

function matchesRequirement(r: Requirement, value: string | undefined): boolean {
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && vals.includes(value);
    case 'NotIn':
      return value === undefined || !vals.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const n = Number(value);
      const v = Number(vals[0]);
      return value !== undefined && Number.isFinite(n) && (r.operator === 'Gt' ? n > v : n < v);
    }
    default:
      return false;
  }
}

/**
 * Upstream `NodeShouldRunDaemonPod` (predicates only): the template's nodeSelector and required
 * node affinity (matchExpressions on labels, matchFields on metadata.name; terms ORed) match
 * the node, and every NoSchedule/NoExecute taint is tolerated (with the daemon defaults).
 */
export function shouldRunOn(ds: Readonly<DaemonSet>, node: Readonly<Node>): boolean {
  const spec = ds.spec?.template?.spec;
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms?.length) {
    const fields: Record<string, string | undefined> = { 'metadata.name': node.metadata?.name };
    const termOK = terms.some(
      (t) => (t.matchExpressions?.length || t.matchFields?.length ? true : false) && (t.matchExpressions ?? []).every((r) => matchesRequirement(r, labels[r.key])) && (t.matchFields ?? []).every((r) => matchesRequirement(r, fields[r.key])),
    );
    if (!termOK) return false;
  }
  const tols = daemonTolerations(spec?.tolerations);
  return (node.spec?.taints ?? []).every((taint) => taint.effect === 'PreferNoSchedule' || tols.some((t) => tolerates(t, taint)));
}
