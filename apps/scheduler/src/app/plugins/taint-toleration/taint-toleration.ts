import type { Pod, Taint, Toleration } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { Status } from '../../framework/status';

/** Upstream message prefix: `node(s) had untolerated taint {key: value}`. */
export const ERR_REASON_PREFIX = 'node(s) had untolerated taint';

/** True when `t` tolerates `taint` (upstream `Toleration.ToleratesTaint`). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true; // empty key + Exists matches every taint
  if (!t.key) return false; // Equal needs a key
  return (t.value ?? '') === (taint.value ?? '');
}

/**
 * First taint among `taints` with an effect in `effects` that no toleration tolerates, or
 * undefined when all are tolerated.
 */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], effects: readonly string[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => toleratesTaint(t, taint)));
}

export function untoleratedTaintReason(taint: Taint): string {
  return `${ERR_REASON_PREFIX} {${taint.key}: ${taint.value ?? ''}}`;
}

/** Rejects nodes with a NoSchedule/NoExecute taint the pod does not tolerate. */
export class TaintToleration implements FilterPlugin {
  static readonly pluginName = 'TaintToleration';
  readonly name = TaintToleration.pluginName;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    const taint = findUntoleratedTaint(node.node?.spec?.taints ?? [], pod.spec?.tolerations ?? [], ['NoSchedule', 'NoExecute']);
    return taint ? Status.unresolvable(untoleratedTaintReason(taint)) : undefined;
  }
}
