import type { ReplicaSet } from '@tskube/api-types';
import type { RolloutState } from './sync';
import { byCreation, maxUnavailable, specReplicas, sumSpec } from './util';

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

/**
 * Scaling while no rollout happens (a paused Deployment; upstream `scale`, simplified): when
 * the active ReplicaSets' replicas no longer add up to `spec.replicas`, the difference goes to
 * the newest active ReplicaSet (the new one when nothing is active), taking from newer ones
 * first when scaling down. Proportional splitting across several active RSs is not done.
 */
export async function scaleWithoutRollout(st: RolloutState, scale: Scale): Promise<void> {
  const want = st.d.spec?.replicas ?? 1;
  const active = [...(st.newRS ? [st.newRS] : []), ...st.olds].filter((r) => specReplicas(r) > 0).sort(byCreation);
  let diff = want - sumSpec(active);
  if (diff === 0) return;
  if (diff > 0) {
    const target = active.at(-1) ?? st.newRS;
    if (target) await scale(target, specReplicas(target) + diff);
    return;
  }
  for (const rs of active.reverse()) {
    if (diff === 0) break;
    const down = Math.min(specReplicas(rs), -diff);
    await scale(rs, specReplicas(rs) - down);
    diff += down;
  }
}
