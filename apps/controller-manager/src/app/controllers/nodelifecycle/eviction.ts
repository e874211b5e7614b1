import type { Pod, Taint, Toleration } from '@tskube/api-types';

/** True when `t` tolerates `taint` (upstream `Toleration.ToleratesTaint`). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return true;
  return !!t.key && (t.value ?? '') === (taint.value ?? '');
}

export type EvictionDecision = { evict: false } | { evict: true; at: number };

/**
 * When a pod on a node with NoExecute `taints` must go (upstream taint eviction controller):
 * never when there are none; at once when some taint is not tolerated; otherwise after the
 * smallest `tolerationSeconds` among the tolerations used, counted from the latest `timeAdded`
 * of the taints (or `firstSeen` when a taint has none); never when none sets tolerationSeconds.
 */
export function evictionDecision(pod: Readonly<Pod>, taints: readonly Taint[], firstSeen: number): EvictionDecision {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return { evict: false };
  const tolerations = pod.spec?.tolerations ?? [];
  let minSeconds = Infinity;
  let since = 0;
  for (const taint of noExecute) {
    const used = tolerations.filter((t) => toleratesTaint(t, taint));
    if (used.length === 0) return { evict: true, at: firstSeen };
    for (const t of used) if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) minSeconds = Math.min(minSeconds, Math.max(0, t.tolerationSeconds));
    since = Math.max(since, taint.timeAdded ? Date.parse(taint.timeAdded) : firstSeen);
  }
  if (minSeconds === Infinity) return { evict: false };
  return { evict: true, at: since + minSeconds * 1000 };
}
