import { parseMilli, parseQuantity } from '@tskube/api-types';
import type { Container, Pod } from '@tskube/api-types';

/**
 * Resource amounts in integer units: `cpu` in millicores, everything else (memory,
 * ephemeral-storage, extended resources) in base units, `pods` as a count. Integer milli-CPU
 * avoids float drift when many pods are summed, as upstream's `MilliValue()`.
 */
export type Resources = Map<string, number>;

/** Upstream's defaults for pods without requests, used only for scoring (`non_zero.go`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Converts a quantity map (`{cpu: "250m", memory: "64Mi"}`) into integer `Resources`. */
export function toResources(list: Readonly<Record<string, string | number>> | undefined): Resources {
  const out: Resources = new Map();
  for (const [name, q] of Object.entries(list ?? {})) {
    out.set(name, name === 'cpu' ? parseMilli(q) : Math.ceil(parseQuantity(q)));
  }
  return out;
}

function addInto(into: Resources, r: Resources): void {
  for (const [k, v] of r) into.set(k, (into.get(k) ?? 0) + v);
}

function maxInto(into: Resources, r: Resources): void {
  for (const [k, v] of r) into.set(k, Math.max(into.get(k) ?? 0, v));
}

function containerRequests(c: Container): Resources {
  return toResources(c.resources?.requests);
}

/**
 * The effective request of a pod (upstream `resourcehelper.PodRequests`): the sum over the
 * app containers, raised per resource to the largest init container's request (init containers
 * run one at a time, before the app containers), plus `spec.overhead`.
 *
 * @example podRequests(pod with containers 100m+200m and an init container 500m) → cpu 500
 */
export function podRequests(pod: Pod): Resources {
  const sum: Resources = new Map();
  for (const c of pod.spec?.containers ?? []) addInto(sum, containerRequests(c));
  for (const c of pod.spec?.initContainers ?? []) maxInto(sum, containerRequests(c));
  addInto(sum, toResources(pod.spec?.overhead));
  return sum;
}

/**
 * Requests for scoring: like `podRequests` but a container with no cpu/memory request counts
 * as 100m / 200Mi (upstream `GetNonzeroRequests`), so empty pods still spread.
 */
export function podNonZeroRequests(pod: Pod): Resources {
  const sum: Resources = new Map();
  const nonZero = (c: Container): Resources => {
    const r = containerRequests(c);
    const out: Resources = new Map();
    out.set('cpu', r.get('cpu') || DEFAULT_MILLI_CPU_REQUEST);
    out.set('memory', r.get('memory') || DEFAULT_MEMORY_REQUEST);
    return out;
  };
  for (const c of pod.spec?.containers ?? []) addInto(sum, nonZero(c));
  for (const c of pod.spec?.initContainers ?? []) maxInto(sum, nonZero(c));
  return sum;
}

export function addResources(into: Resources, r: Resources, sign: 1 | -1 = 1): void {
  for (const [k, v] of r) into.set(k, (into.get(k) ?? 0) + sign * v);
}

const NON_ZERO_STATE_KEY = 'PreScoreNonZeroRequests';

/**
 * `podNonZeroRequests(pod)` computed once per scheduling cycle and kept in `state` (the score
 * plugins call this for every feasible node; parsing quantities each time dominated scoring).
 */
export function cycleNonZeroRequests(state: { read<T>(key: string): T | undefined; write(key: string, value: unknown): void }, pod: Pod): Resources {
  let r = state.read<Resources>(NON_ZERO_STATE_KEY);
  if (!r) {
    r = podNonZeroRequests(pod);
    state.write(NON_ZERO_STATE_KEY, r);
  }
  return r;
}
