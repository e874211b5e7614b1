import type { Pod } from '@tskube/api-types';
import { podPriority } from '../framework/label-match';

/** A node where evicting `victims` (most important first) lets the preemptor fit. */
export interface Candidate {
  nodeName: string;
  victims: Pod[];
}

/** Start time in ms (`status.startTime`, else creation), +Infinity when unknown. */
function startTime(p: Readonly<Pod>): number {
  const t = Date.parse(p.status?.startTime ?? p.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Upstream `util.MoreImportantPod`: higher priority, then the one that started earlier. */
export function moreImportant(a: Readonly<Pod>, b: Readonly<Pod>): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return startTime(a) < startTime(b);
}

/** Sorts most important first (stable). */
export function byImportance(pods: Pod[]): Pod[] {
  return pods.sort((a, b) => (moreImportant(a, b) ? -1 : moreImportant(b, a) ? 1 : 0));
}

/** Upstream `MaxInt32 + 1`: added to every victim's priority so that more victims always cost more. */
const PRIORITY_OFFSET = 2 ** 31;

/**
 * Upstream `pickOneNodeForPreemption` (PDBs aside — tskube has none): a candidate without
 * victims wins at once; otherwise keep the candidates with, in turn, the lowest
 * highest-priority victim, the lowest sum of (offset) victim priorities, the fewest victims,
 * and the latest start among their highest-priority victims; the first remaining wins.
 */
export function pickOneCandidate(candidates: readonly Candidate[]): Candidate | undefined {
  const free = candidates.find((c) => c.victims.length === 0);
  if (free) return free;
  let pool = [...candidates];
  const keepMin = (f: (c: Candidate) => number): void => {
    const best = Math.min(...pool.map(f));
    pool = pool.filter((c) => f(c) === best);
  };
  keepMin((c) => podPriority(c.victims[0]!));
  keepMin((c) => c.victims.reduce((sum, v) => sum + podPriority(v) + PRIORITY_OFFSET, 0));
  keepMin((c) => c.victims.length);
  keepMin((c) => {
    const top = podPriority(c.victims[0]!);
    return -Math.min(...c.victims.filter((v) => podPriority(v) === top).map(startTime));
  });
  return pool[0];
}
