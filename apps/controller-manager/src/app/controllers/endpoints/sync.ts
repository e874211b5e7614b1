import { labelSelectorFromObject, objectKey, podIsReady, podIsTerminal, RESOURCES } from '@tskube/api-types';
import type { EndpointAddress, EndpointPort, Endpoints, EndpointSubset, Pod, Service, ServicePort } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { NAMESPACE_INDEX, isNotFoundError } from '@tskube/controller-utils';
import type { Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { canonicalJSON } from '../deployment/util';

export interface EndpointsSyncDeps {
  serviceLister: Lister<Service>;
  podLister: Lister<Pod>;
  endpointsLister: Lister<Endpoints>;
  client: ObjectClient;
  logger: Logger;
}

/**
 * Upstream `FindPort`: the container port a service port targets on this pod. A named
 * targetPort is looked up among the containers' ports (same protocol); a number is used as is;
 * no targetPort means the service port. Undefined when a named port is not on the pod.
 */
export function findPort(pod: Readonly<Pod>, sp: Readonly<ServicePort>): number | undefined {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
  }
  return undefined;
}

/** Upstream `ShouldPodBeInEndpoints`: has an IP, not terminal, not being deleted (unless publishing not-ready). */
function includePod(pod: Readonly<Pod>, publishNotReady: boolean): boolean {
  if (!pod.status?.podIP || podIsTerminal(pod)) return false;
  return !pod.metadata?.deletionTimestamp || publishNotReady;
}

/**
 * The subsets for a service: each selected pod contributes its address (ready → `addresses`,
 * else `notReadyAddresses`) under the set of ports it resolves; pods with the same resolved
 * ports share a subset (upstream `RepackSubsets`). Sorted for stable comparison.
 */
export function computeSubsets(svc: Readonly<Service>, pods: readonly Readonly<Pod>[]): EndpointSubset[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!includePod(pod, publishNotReady)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    if ((svc.spec?.ports?.length ?? 0) > 0 && ports.length === 0) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const addr: EndpointAddress = {
      ip: pod.status!.podIP!,
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
    };
    if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name) addr.hostname = pod.spec.hostname;
    const k = canonicalJSON(ports);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, ready: [], notReady: [] }));
    (publishNotReady || podIsReady(pod) ? g.ready : g.notReady).push(addr);
  }
  const byIP = (a: EndpointAddress, b: EndpointAddress): number => a.ip.localeCompare(b.ip) || (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? '');
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => ({
      ...(g.ready.length ? { addresses: g.ready.sort(byIP) } : {}),
      ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIP) } : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    }));
}

/**
 * Reconciles the Endpoints of one Service (upstream endpoints controller `syncService`): a
 * Service that is gone takes its Endpoints with it; one without a selector is left alone
 * (user-managed Endpoints); otherwise the Endpoints is created or updated — only when its
 * subsets or labels differ from what the cache holds.
 */
export async function syncEndpoints(deps: EndpointsSyncDeps, key: string): Promise<SyncResult> {
  const svc = deps.serviceLister.get(key);
  const [ns = '', name = ''] = key.includes('/') ? key.split('/') : ['', key];
  if (!svc) {
    if (!deps.endpointsLister.get(key)) return {};
    try {
      await deps.client.delete(RESOURCES.endpoints, name, { namespace: ns });
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
    return {};
  }
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return {};
  const selector = labelSelectorFromObject({ matchLabels: sel });
  const pods = deps.podLister.byIndex(NAMESPACE_INDEX, ns).filter((p) => selector.matches(p.metadata?.labels));
  const subsets = computeSubsets(svc, pods);
  const labels = { ...svc.metadata?.labels };
  const current = deps.endpointsLister.get(key);
  if (current && canonicalJSON(current.subsets ?? []) === canonicalJSON(subsets) && canonicalJSON(current.metadata?.labels ?? {}) === canonicalJSON(labels)) return {};
  if (current) {
    const copy: Endpoints = { ...structuredClone(current), apiVersion: 'v1', kind: 'Endpoints', subsets };
    copy.metadata = { ...copy.metadata, labels };
    await deps.client.update(RESOURCES.endpoints, copy);
  } else {
    const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels }, subsets };
    try {
      await deps.client.create(RESOURCES.endpoints, ep, { namespace: ns });
    } catch (err) {
      // The cache lags: the object exists; retry so the next sync updates it.
      if ((err as { code?: unknown }).code === 409) throw new Error(`endpoints ${objectKey(ep)} already exists; will update on retry`, { cause: err });
      throw err;
    }
  }
  return {};
}
