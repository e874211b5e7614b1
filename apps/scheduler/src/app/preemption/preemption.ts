import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../framework/cycle-state';
import type { Framework } from '../framework/framework';
import { podPriority } from '../framework/label-match';
import type { NodeInfo } from '../framework/node-info';
import { filterWithNominated, fitErrorMessage, NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL } from '../schedule-pod';
import type { NominatedPods } from '../schedule-pod';
import { byImportance, pickOneCandidate } from './candidates';
import type { Candidate } from './candidates';

/** Upstream `DefaultPreemptionArgs` defaults: dry-run at least 10 % of the nodes, at least 100. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/**
 * What PostFilter decided: evict `victims` on `nodeName`, or no preemption with upstream's
 * message — `clearNomination` when no candidate was found (upstream then clears the pod's
 * nominatedNodeName), false when the pod was not eligible (it keeps its nomination and waits).
 */
export type PreemptionOutcome = { ok: false; message: string; clearNomination: boolean } | { ok: true; nodeName: string; victims: Pod[] };

/**
 * Upstream `PodEligibleToPreemptOthers`: `preemptionPolicy: Never` opts out, and a pod already
 * nominated to a node where a lower-priority pod is still terminating waits for it (unless the
 * nominated node is now unresolvable for it). Returns the reason it is not eligible.
 */
export function notEligibleReason(pod: Pod, nodes: readonly NodeInfo[], unresolvable: ReadonlySet<string>): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  if (!nominated || unresolvable.has(nominated)) return undefined;
  const node = nodes.find((n) => n.name === nominated);
  for (const p of node?.pods.values() ?? []) {
    if (podPriority(p) < podPriority(pod) && p.metadata?.deletionTimestamp) return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

/**
 * Upstream `selectVictimsOnNode` on a copy of the node: remove every lower-priority pod (the
 * PreFilter state follows through the framework's RemovePod extensions); if the pod then fits,
 * add them back most important first, keeping each one whose return still lets the pod fit.
 * Returns the victims (most important first) or the reasons the node cannot be made to fit.
 */
export function selectVictimsOnNode(fwk: Framework, cycle: CycleState, pod: Pod, original: NodeInfo, nominated?: NominatedPods): { victims: Pod[] } | { reasons: readonly string[] } {
  const state = cycle.clone();
  const node = original.clone();
  const potential = byImportance([...node.pods.values()].filter((p) => podPriority(p) < podPriority(pod)));
  if (potential.length === 0) return { reasons: [NO_PREEMPTION_VICTIMS] };
  for (const p of potential) {
    node.removePod(p);
    fwk.runRemovePod(state, pod, p, node);
  }
  const s = filterWithNominated(fwk, state, pod, node, nominated);
  if (!s.isSuccess()) return { reasons: s.reasons };
  const victims: Pod[] = [];
  for (const p of potential) {
    node.addPod(p);
    fwk.runAddPod(state, pod, p, node);
    if (filterWithNominated(fwk, state, pod, node, nominated).isSuccess()) continue;
    node.removePod(p);
    fwk.runRemovePod(state, pod, p, node);
    victims.push(p);
  }
  return { victims };
}

/**
 * Upstream DefaultPreemption PostFilter for a pod no node fits: dry-run preemption on the nodes
 * where it might help (not unresolvable), starting at a random offset and stopping after
 * max(10 %, 100) candidates, then pick one (see `pickOneCandidate`). Without a candidate the
 * message is upstream's `preemption: 0/N nodes are available: …` over the dry-run reasons.
 */
export function preempt(fwk: Framework, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], unresolvable: ReadonlySet<string>, opts: { random?: () => number; nominated?: NominatedPods } = {}): PreemptionOutcome {
  const reason = notEligibleReason(pod, nodes, unresolvable);
  if (reason) return { ok: false, message: `preemption: ${reason}`, clearNomination: false };
  const statuses = new Map<string, readonly string[]>();
  const potential: NodeInfo[] = [];
  for (const n of nodes) {
    if (unresolvable.has(n.name)) statuses.set(n.name, [PREEMPTION_NOT_HELPFUL]);
    else potential.push(n);
  }
  const candidates: Candidate[] = [];
  if (potential.length) {
    const want = Math.min(potential.length, Math.max(MIN_CANDIDATE_NODES_ABSOLUTE, Math.floor((potential.length * MIN_CANDIDATE_NODES_PERCENTAGE) / 100)));
    const offset = Math.floor((opts.random ?? Math.random)() * potential.length);
    for (let i = 0; i < potential.length && candidates.length < want; i++) {
      const n = potential[(offset + i) % potential.length]!;
      const r = selectVictimsOnNode(fwk, state, pod, n, opts.nominated);
      if ('victims' in r) candidates.push({ nodeName: n.name, victims: r.victims });
      else statuses.set(n.name, r.reasons);
    }
  }
  const best = pickOneCandidate(candidates);
  if (!best) return { ok: false, message: `preemption: ${fitErrorMessage(statuses.size, statuses)}`, clearNomination: true };
  return { ok: true, nodeName: best.nodeName, victims: best.victims };
}
