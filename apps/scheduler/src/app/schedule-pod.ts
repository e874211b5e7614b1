import type { Pod } from '@tskube/api-types';
import { CycleState } from './framework/cycle-state';
import type { Framework } from './framework/framework';
import type { NodeInfo } from './framework/node-info';
import { podPriority } from './framework/label-match';
import { Code } from './framework/status';
import type { Status } from './framework/status';

/** Upstream `ErrNoNodesAvailable`. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export type ScheduleResult =
  | { ok: true; nodeName: string; feasibleNodes: number; evaluatedNodes: number }
  | {
      ok: false;
      /** The FitError text without the PostFilter (preemption) sentence. */
      fitError: string;
      /** `fitError` plus upstream's preemption sentence for a pod that cannot preempt. */
      message: string;
      /** true when some rejection was an internal error (retry with backoff). */
      error: boolean;
      nodeReasons: Map<string, readonly string[]>;
      /** Nodes rejected as UnschedulableAndUnresolvable (preemption cannot help there). */
      unresolvable: Set<string>;
      /** The cycle's state after PreFilter (for the preemption dry run); undefined if PreFilter failed. */
      state?: CycleState;
    };

/** Pods nominated to a node (upstream `PodNominator`), by node name. */
export type NominatedPods = (nodeName: string) => readonly Pod[];

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
 * Upstream `RunFilterPluginsWithNominatedPods`: when pods of equal or higher priority are
 * nominated to the node (they preempted there and wait for their victims to leave), the pod
 * must fit with them added as well as without them.
 */
export function filterWithNominated(fwk: Framework, state: CycleState, pod: Pod, node: NodeInfo, nominated?: NominatedPods): Status {
  const all = nominated?.(node.name);
  const others = all?.length ? all.filter((p) => podPriority(p) >= podPriority(pod) && p.metadata?.uid !== pod.metadata?.uid) : undefined;
  if (others?.length) {
    const st = state.clone();
    const ni = node.clone();
    for (const p of others) {
      ni.addPod(p);
      fwk.runAddPod(st, pod, p, ni);
    }
    const s = fwk.runFilterPlugins(st, pod, ni);
    if (!s.isSuccess()) return s;
  }
  return fwk.runFilterPlugins(state, pod, node);
}

/**
 * The scheduling algorithm for one pod (upstream `schedulePod`): PreFilter once; the pod's
 * `status.nominatedNodeName` first when it still fits (upstream `evaluateNominatedNode`); else
 * filter nodes starting at `start` (round-robin, as upstream's `nextStartNodeIndex`) until
 * {@link numFeasibleNodesToFind} are feasible or all were tried; PreScore and score the
 * feasible ones and pick the highest (ties broken by `random`). Synchronous and pure over the
 * given snapshot, so the caller can assume the result before awaiting anything.
 * `evaluatedNodes` tells the caller where to start next time.
 */
export function schedulePod(fwk: Framework, pod: Pod, nodes: readonly NodeInfo[], random: () => number = Math.random, start = 0, nominated?: NominatedPods): ScheduleResult {
  if (nodes.length === 0) return { ok: false, fitError: NO_NODES_AVAILABLE, message: NO_NODES_AVAILABLE, error: false, nodeReasons: new Map(), unresolvable: new Set() };
  const state = new CycleState();
  const nodeReasons = new Map<string, readonly string[]>();
  const unresolvable = new Set<string>();
  const pre = fwk.runPreFilterPlugins(state, pod, nodes);
  if (!pre.isSuccess()) {
    for (const n of nodes) {
      nodeReasons.set(n.name, pre.reasons);
      if (pre.code !== Code.Unschedulable) unresolvable.add(n.name);
    }
    return failure(pod, nodes.length, nodeReasons, unresolvable, pre.code === Code.Error);
  }
  const nominatedName = pod.status?.nominatedNodeName;
  const nominatedNode = nominatedName ? nodes.find((n) => n.name === nominatedName) : undefined;
  if (nominatedNode && filterWithNominated(fwk, state, pod, nominatedNode, nominated).isSuccess()) {
    return { ok: true, nodeName: nominatedNode.name, feasibleNodes: 1, evaluatedNodes: 0 };
  }
  const feasible: NodeInfo[] = [];
  let error = false;
  const want = numFeasibleNodesToFind(nodes.length);
  let evaluated = 0;
  for (; evaluated < nodes.length && feasible.length < want; evaluated++) {
    const n = nodes[(start + evaluated) % nodes.length]!;
    const s = filterWithNominated(fwk, state, pod, n, nominated);
    if (s.isSuccess()) feasible.push(n);
    else {
      if (s.code === Code.Error) error = true;
      if (s.code === Code.UnschedulableAndUnresolvable) unresolvable.add(n.name);
      nodeReasons.set(n.name, s.reasons);
    }
  }
  if (feasible.length === 0) return { ...failure(pod, nodes.length, nodeReasons, unresolvable, error), state };
  if (feasible.length === 1) return { ok: true, nodeName: feasible[0]!.name, feasibleNodes: 1, evaluatedNodes: evaluated };
  const ps = fwk.runPreScorePlugins(state, pod, feasible, nodes);
  if (!ps.isSuccess()) return failure(pod, nodes.length, new Map(nodes.map((n) => [n.name, ps.reasons])), new Set(), true);
  const scores = fwk.runScorePlugins(state, pod, feasible);
  return { ok: true, nodeName: selectHost(feasible, scores, random), feasibleNodes: feasible.length, evaluatedNodes: evaluated };
}

function failure(pod: Pod, numAllNodes: number, nodeReasons: Map<string, readonly string[]>, unresolvable: Set<string>, error: boolean): ScheduleResult & { ok: false } {
  const fitError = fitErrorMessage(numAllNodes, nodeReasons);
  return { ok: false, fitError, message: `${fitError} ${preemptionMessage(pod, numAllNodes, nodeReasons, unresolvable)}`, error, nodeReasons, unresolvable };
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
