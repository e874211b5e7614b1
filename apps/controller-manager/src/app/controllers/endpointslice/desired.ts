import { podIsReady, podIsTerminal } from '@tskube/api-types';
import type { EndpointSlice, Pod, Service } from '@tskube/api-types';
import { canonicalJSON } from '../deployment/util';
import { findPort } from '../endpoints/sync';

/** Upstream `maxEndpointsPerSlice` default (`--max-endpoints-per-slice`, 100). */
export const MAX_ENDPOINTS_PER_SLICE = 100;

type SliceEndpoint = EndpointSlice['endpoints'][number];
type SlicePort = NonNullable<EndpointSlice['ports']>[number];

/** One slice's worth of content: a resolved port set and at most `max` endpoints. */
export interface DesiredSlice {
  /** canonical JSON of `ports`: slices are only reused for the same port set. */
  portsKey: string;
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

/**
 * The endpoint a pod contributes (upstream `podToEndpoint`): `serving` is pod readiness,
 * `terminating` a set deletionTimestamp, `ready` = serving and not terminating (or always
 * true with `publishNotReadyAddresses`). Pods without an IP or in a terminal phase have none.
 */
export function podToEndpoint(pod: Readonly<Pod>, publishNotReady: boolean): SliceEndpoint | undefined {
  const ip = pod.status?.podIP;
  if (!ip || podIsTerminal(pod) || !ip.includes('.')) return undefined;
  const serving = podIsReady(pod);
  const terminating = Boolean(pod.metadata?.deletionTimestamp);
  return {
    addresses: [ip],
    conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
}

/**
 * The slices a Service should have: selected pods grouped by the port numbers they resolve
 * (a named targetPort can differ per pod), each group sorted by IP then pod name and cut into
 * chunks of `max`. With no endpoints at all one empty placeholder slice remains, as upstream.
 */
export function desiredSlices(svc: Readonly<Service>, pods: readonly Readonly<Pod>[], max = MAX_ENDPOINTS_PER_SLICE): DesiredSlice[] {
  const publishNotReady = Boolean(svc.spec?.publishNotReadyAddresses);
  const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
  for (const pod of pods) {
    const ep = podToEndpoint(pod, publishNotReady);
    if (!ep) continue;
    const ports: SlicePort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.port ?? 0) - (b.port ?? 0));
    const key = canonicalJSON(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(ep);
  }
  if (groups.size === 0) return [{ portsKey: canonicalJSON([]), ports: [], endpoints: [] }];
  const byIP = (a: SliceEndpoint, b: SliceEndpoint): number => (a.addresses[0] ?? '').localeCompare(b.addresses[0] ?? '') || (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? '');
  const out: DesiredSlice[] = [];
  for (const [portsKey, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    g.endpoints.sort(byIP);
    for (let i = 0; i < g.endpoints.length; i += max) out.push({ portsKey, ports: g.ports, endpoints: g.endpoints.slice(i, i + max) });
  }
  return out;
}
