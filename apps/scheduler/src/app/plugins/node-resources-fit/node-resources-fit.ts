import type { Pod } from '@tskube/api-types';
import type { CycleState } from '../../framework/cycle-state';
import type { FilterPlugin, PreFilterPlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { podRequests } from '../../framework/resources';
import type { Resources } from '../../framework/resources';
import { Status } from '../../framework/status';

export const ERR_TOO_MANY_PODS = 'Too many pods';
/** `Insufficient cpu`, `Insufficient memory`, ... as upstream. */
export const insufficientReason = (resource: string): string => `Insufficient ${resource}`;

const STATE_KEY = 'PreFilterNodeResourcesFit';

/** A pod's non-zero requests other than `pods`, in upstream's reporting order. */
export type OrderedRequest = ReadonlyArray<readonly [name: string, amount: number]>;

/** cpu, then memory, then ephemeral-storage, then the rest alphabetically (upstream's order). */
function rank(name: string): number {
  const i = ['cpu', 'memory', 'ephemeral-storage'].indexOf(name);
  return i < 0 ? 3 : i;
}

/** The request entries worth checking (computed once per cycle in PreFilter). */
export function orderRequest(request: Resources): OrderedRequest {
  return [...request].filter(([name, want]) => want > 0 && name !== 'pods').sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Returns the reasons the pod does not fit the node's allocatable resources (empty = fits):
 * the pod count against `allocatable.pods`, then every resource the pod requests (a zero
 * request is never checked, as upstream) against allocatable minus what bound pods request.
 * Resources the node does not report count as 0 allocatable. Allocates only on rejection.
 */
export function fits(request: Resources, node: NodeInfo): string[] {
  return fitsOrdered(orderRequest(request), node);
}

/** {@link fits} over a request already ordered by {@link orderRequest} (the Filter hot path). */
export function fitsOrdered(ordered: OrderedRequest, node: NodeInfo): string[] {
  let reasons: string[] | undefined;
  const alloc = node.allocatable();
  const maxPods = alloc.get('pods');
  if (maxPods !== undefined && node.pods.size + 1 > maxPods) (reasons ??= []).push(ERR_TOO_MANY_PODS);
  for (const [name, want] of ordered) {
    const free = (alloc.get(name) ?? 0) - (node.requested.get(name) ?? 0);
    if (want > free) (reasons ??= []).push(insufficientReason(name));
  }
  return reasons ?? NO_REASONS;
}

const NO_REASONS: string[] = [];

/** Checks the pod's requests against each node's free allocatable resources and pod slots. */
export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin {
  static readonly pluginName = 'NodeResourcesFit';
  readonly name = NodeResourcesFit.pluginName;

  preFilter(state: CycleState, pod: Pod): Status | undefined {
    state.write(STATE_KEY, orderRequest(podRequests(pod)));
    return undefined;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    let request = state.read<OrderedRequest>(STATE_KEY);
    if (!request) {
      request = orderRequest(podRequests(pod));
      state.write(STATE_KEY, request);
    }
    const reasons = fitsOrdered(request, node);
    return reasons.length ? Status.unschedulable(...reasons) : undefined;
  }
}
