import type { Deployment, ReplicaSet } from '@tskube/api-types';
import type { RolloutState } from './sync';
import { byCreation, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, maxUnavailable, resolveFenceposts, specReplicas, sumSpec } from './util';

type Scale = (rs: ReplicaSet, replicas: number) => Promise<ReplicaSet>;

/**
 * Upstream `reconcileOldReplicaSets`: scales old ReplicaSets down as far as availability
 * allows — first their unavailable pods (`cleanupUnhealthyReplicas`), then available ones while
 * at least `replicas - maxUnavailable` pods stay available. Oldest ReplicaSets go first.
 */
export async function reconcileOldReplicaSets(st: RolloutState, scale: Scale): Promise<void> {
  if (sumSpec(st.olds) === 0) return;
  const replicas = st.d.spec?.replicas ?? 1;
  const all = (): ReplicaSet[] => [...(st.newRS ? [st.newRS] : []), ...st.olds];
  const minAvailable = replicas - maxUnavailable(st.d);
  const newUnavailable = specReplicas(st.newRS) - (st.newRS?.status?.availableReplicas ?? 0);
  const maxScaledDown = sumSpec(all()) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return;

  let cleaned = 0;
  for (const rs of [...st.olds].sort(byCreation)) {
    if (cleaned >= maxScaledDown) break;
    const spec = specReplicas(rs);
    const avail = rs.status?.availableReplicas ?? 0;
    if (spec === 0 || spec <= avail) continue;
    const down = Math.min(maxScaledDown - cleaned, spec - avail);
    await scale(rs, spec - down);
    cleaned += down;
  }

  const available = all().reduce((s, r) => s + Math.min(r.status?.availableReplicas ?? 0, specReplicas(r)), 0);
  if (available <= minAvailable) return;
  const total = available - minAvailable;
  let scaled = 0;
  for (const rs of [...st.olds].sort(byCreation)) {
    if (scaled >= total) break;
    const spec = specReplicas(rs);
    if (spec === 0) continue;
    const down = Math.min(spec, total - scaled);
    await scale(rs, spec - down);
    scaled += down;
  }
}

/** Upstream `IsSaturated`: the new RS alone runs (and has available) exactly `spec.replicas`. */
export function isSaturated(d: Readonly<Deployment>, rs: Readonly<ReplicaSet> | undefined): boolean {
  if (!rs) return false;
  const replicas = d.spec?.replicas ?? 1;
  return specReplicas(rs) === replicas && desiredAnnotation(rs) === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

function desiredAnnotation(rs: Readonly<ReplicaSet>): number | undefined {
  const v = rs.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION];
  return v === undefined || !/^\d+$/.test(v) ? undefined : Number(v);
}

/**
 * Upstream `isScalingEvent`: some active ReplicaSet was last sized for a different
 * `spec.replicas` (its `deployment.kubernetes.io/desired-replicas` annotation), i.e. the
 * Deployment was scaled since — possibly in the middle of a rollout.
 */
export function isScalingEvent(st: RolloutState): boolean {
  const replicas = st.d.spec?.replicas ?? 1;
  return [...(st.newRS ? [st.newRS] : []), ...st.olds].some((r) => specReplicas(r) > 0 && desiredAnnotation(r) !== undefined && desiredAnnotation(r) !== replicas);
}

/**
 * Upstream `getReplicaSetFraction`: how many replicas `rs` gains (negative: loses) when the
 * Deployment's max size (`replicas + maxSurge`) changes from the one recorded in the RS's
 * `max-replicas` annotation (falling back to `status.replicas`): its size × new/old, rounded.
 */
function fraction(rs: Readonly<ReplicaSet>, d: Readonly<Deployment>): number {
  const replicas = d.spec?.replicas ?? 1;
  if (replicas === 0) return -specReplicas(rs);
  const maxNow = replicas + resolveFenceposts(d)[0];
  let before = Number(rs.metadata?.annotations?.[MAX_REPLICAS_ANNOTATION] ?? 0) || 0;
  if (before === 0) before = d.status?.replicas ?? 0;
  if (before === 0) return 0;
  return Math.round((specReplicas(rs) * maxNow) / before) - specReplicas(rs);
}

/**
 * Upstream `DeploymentController.scale` (a scaling event, or any sync of a paused Deployment):
 * one active (or, with none, the newest) ReplicaSet takes all of `spec.replicas`; a saturated
 * new RS leaves the old ones at 0; otherwise (RollingUpdate) the difference between
 * `replicas + maxSurge` and the current total is spread over the active ReplicaSets in
 * proportion to their size — largest first (ties: newer first when growing, older first when
 * shrinking), leftovers to the first — and every scaled RS records the new desired/max sizes.
 */
export async function proportionalScale(st: RolloutState, scale: Scale): Promise<void> {
  const d = st.d;
  const replicas = d.spec?.replicas ?? 1;
  const newestFirst = [...st.olds].sort(byCreation).reverse();
  const active = [...(st.newRS ? [st.newRS] : []), ...newestFirst].filter((r) => specReplicas(r) > 0);
  if (active.length <= 1) {
    const target = active[0] ?? st.newRS ?? newestFirst[0];
    if (target && specReplicas(target) !== replicas) await scale(target, replicas);
    return;
  }
  if (isSaturated(d, st.newRS)) {
    for (const old of st.olds.filter((r) => specReplicas(r) > 0)) await scale(old, 0);
    return;
  }
  if (d.spec?.strategy?.type === 'Recreate') return;
  const allowed = replicas > 0 ? replicas + resolveFenceposts(d)[0] : 0;
  const toAdd = allowed - sumSpec(active);
  const sorted = [...active].sort((a, b) => specReplicas(b) - specReplicas(a) || (toAdd > 0 ? -byCreation(a, b) : byCreation(a, b)));
  const size = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of sorted) {
    let p = 0;
    if (toAdd !== 0 && added !== toAdd) p = toAdd > 0 ? Math.min(fraction(rs, d), toAdd - added) : Math.max(fraction(rs, d), toAdd - added);
    size.set(rs, specReplicas(rs) + p);
    added += p;
  }
  const first = sorted[0];
  if (first && toAdd !== 0) size.set(first, Math.max(0, (size.get(first) ?? 0) + toAdd - added));
  for (const rs of sorted) await scale(rs, size.get(rs) ?? specReplicas(rs));
}
