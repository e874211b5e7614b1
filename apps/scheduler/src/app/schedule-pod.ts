import type { Pod } from '@tskube/api-types';
import { CycleState } from './framework/cycle-state';
import type { Framework } from './framework/framework';
import type { NodeInfo } from './framework/node-info';
import { Code } from './framework/status';

/** Upstream `ErrNoNodesAvailable`. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export type ScheduleResult =
  | { ok: true; nodeName: string; feasibleNodes: number; evaluatedNodes: number }
  | { ok: false; message: string; /** true when some rejection was an internal error (retry with backoff). */ error: boolean; nodeReasons: Map<string, readonly string[]> };

/**
 * Upstream `numFeasibleNodesToFind` with the default adaptive `percentageOfNodesToScore`:
 * below 100 nodes all of them; else 50 % minus 1 % per 125 nodes (at least 5 %), never fewer
 * than 100 nodes. Filtering stops once this many feasible nodes are found.
 */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < 100) return numAllNodes;
  const pct = Math.max(5, 50 - Math.floor(numAllNodes / 125));
  return Math.max(100, Math.floor((numAllNodes * pct) / 100));
}

/**
 * The scheduling algorithm for one pod (upstream `schedulePod`): filter nodes starting at
 * `start` (round-robin, as upstream's `nextStartNodeIndex`) until
 * {@link numFeasibleNodesToFind} are feasible or all were tried, score the feasible ones, pick
 * the highest (ties broken by `random`). Synchronous and pure over the given snapshot, so the
 * caller can assume the result before awaiting anything. `evaluatedNodes` tells the caller
 * where to start next time.
 */
export function schedulePod(fwk: Framework, pod: Pod, nodes: readonly NodeInfo[], random: () => number = Math.random, start = 0): ScheduleResult {
  if (nodes.length === 0) return { ok: false, message: NO_NODES_AVAILABLE, error: false, nodeReasons: new Map() };
  const state = new CycleState();
  const feasible: NodeInfo[] = [];
  const nodeReasons = new Map<string, readonly string[]>();
  const unresolvable = new Set<string>();
  let error = false;
  const want = numFeasibleNodesToFind(nodes.length);
  let evaluated = 0;
  for (; evaluated < nodes.length && feasible.length < want; evaluated++) {
    const n = nodes[(start + evaluated) % nodes.length]!;
    const s = fwk.runFilterPlugins(state, pod, n);
    if (s.isSuccess()) feasible.push(n);
    else {
      if (s.code === Code.Error) error = true;
      if (s.code === Code.UnschedulableAndUnresolvable) unresolvable.add(n.name);
      nodeReasons.set(n.name, s.reasons);
    }
  }
  if (feasible.length === 0) {
    const message = `${fitErrorMessage(nodes.length, nodeReasons)} ${preemptionMessage(pod, nodes.length, nodeReasons, unresolvable)}`;
    return { ok: false, message, error, nodeReasons };
  }
  const scores = feasible.length === 1 ? [0] : fwk.runScorePlugins(state, pod, feasible);
  return { ok: true, nodeName: selectHost(feasible, scores, random), feasibleNodes: feasible.length, evaluatedNodes: evaluated };
}

/** Highest score wins; among equal scores each is picked with equal probability (reservoir). */
export function selectHost(nodes: readonly NodeInfo[], scores: readonly number[], random: () => number): string {
  let best = -Infinity;
  let chosen = '';
  let ties = 0;
  nodes.forEach((n, i) => {
    const s = scores[i] ?? 0;
    if (s > best) {
      best = s;
      chosen = n.name;
      ties = 1;
    } else if (s === best) {
      ties++;
      if (random() * ties < 1) chosen = n.name;
    }
  });
  return chosen;
}

/**
 * Upstream `FitError.Error()`: `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had
 * untolerated taint {a: b}.` — each reason counted over the nodes, entries sorted as strings.
 */
export function fitErrorMessage(numAllNodes: number, nodeReasons: ReadonlyMap<string, readonly string[]>): string {
  const histogram = new Map<string, number>();
  for (const reasons of nodeReasons.values()) for (const r of reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  const parts = [...histogram].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${numAllNodes} nodes are available: ${parts.join(', ')}.`;
}

/** Upstream's preemption reasons (tskube does not preempt yet, so no victims are ever found). */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * The `preemption: ...` sentence upstream appends to FailedScheduling (PostFilter result):
 * `preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No
 * preemption victims found for incoming pod.` — unresolvable rejections (taints, affinity, node
 * name) cannot be fixed by evicting pods; the others could, but tskube has no preemption, so it
 * reports no victims. `preemptionPolicy: Never` gives upstream's "not eligible" sentence.
 */
export function preemptionMessage(pod: Pod, numAllNodes: number, nodeReasons: ReadonlyMap<string, readonly string[]>, unresolvable: ReadonlySet<string>): string {
  if (pod.spec?.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const perNode = new Map<string, readonly string[]>();
  for (const name of nodeReasons.keys()) perNode.set(name, [unresolvable.has(name) ? PREEMPTION_NOT_HELPFUL : NO_PREEMPTION_VICTIMS]);
  return `preemption: ${fitErrorMessage(numAllNodes, perNode)}`;
}
