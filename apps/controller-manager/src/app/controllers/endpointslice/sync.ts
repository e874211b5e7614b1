import { labelSelectorFromObject, RESOURCES } from '@tskube/api-types';
import type { EndpointSlice, Pod, Service } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { NAMESPACE_INDEX, isNotFoundError } from '@tskube/controller-utils';
import type { Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { canonicalJSON } from '../deployment/util';
import { desiredSlices, MAX_ENDPOINTS_PER_SLICE } from './desired';
import type { DesiredSlice } from './desired';

/** Label naming the Service a slice belongs to (upstream `discovery.LabelServiceName`). */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** Label naming the slice's manager (upstream `discovery.LabelManagedBy`). */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** This controller's value of {@link LABEL_MANAGED_BY}. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

export interface EndpointSliceSyncDeps {
  serviceLister: Lister<Service>;
  podLister: Lister<Pod>;
  sliceLister: Lister<EndpointSlice>;
  client: ObjectClient;
  logger: Logger;
  maxEndpointsPerSlice?: number;
}

/** The slices in the cache that this controller manages for Service `ns/name`, oldest name first. */
export function managedSlices(lister: Lister<EndpointSlice>, ns: string, name: string): EndpointSlice[] {
  return lister
    .byIndex(NAMESPACE_INDEX, ns)
    .filter((s) => s.metadata?.labels?.[LABEL_SERVICE_NAME] === name && s.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/** Labels of a Service's slices: the Service's own labels plus the two discovery labels. */
function sliceLabels(svc: Readonly<Service>): Record<string, string> {
  return { ...svc.metadata?.labels, [LABEL_SERVICE_NAME]: svc.metadata?.name ?? '', [LABEL_MANAGED_BY]: CONTROLLER_NAME };
}

/** The full slice object for desired content `d` (name/resourceVersion taken from `base` when updating). */
function buildSlice(svc: Readonly<Service>, d: DesiredSlice, base?: EndpointSlice): EndpointSlice {
  const meta = base ? structuredClone(base.metadata ?? {}) : { generateName: `${svc.metadata?.name ?? ''}-`, namespace: svc.metadata?.namespace };
  meta.labels = sliceLabels(svc);
  meta.ownerReferences = [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata?.name ?? '', uid: svc.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }];
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta, addressType: 'IPv4', endpoints: d.endpoints, ports: d.ports };
}

/** True when `cur` already carries what `want` would write (content, labels, owner). */
function sameSlice(cur: Readonly<EndpointSlice>, want: Readonly<EndpointSlice>): boolean {
  const view = (s: Readonly<EndpointSlice>): string => canonicalJSON([s.addressType, s.endpoints ?? [], s.ports ?? [], s.metadata?.labels ?? {}, s.metadata?.ownerReferences ?? []]);
  return view(cur) === view(want);
}

async function deleteSlice(client: ObjectClient, s: Readonly<EndpointSlice>): Promise<void> {
  try {
    await client.delete(RESOURCES.endpointslices, s.metadata?.name ?? '', { namespace: s.metadata?.namespace });
  } catch (err) {
    if (!isNotFoundError(err)) throw err;
  }
}

/**
 * Reconciles the EndpointSlices of one Service (upstream endpointslice `syncService`, with a
 * simpler reconciler): a Service that is gone loses its managed slices; one without a selector
 * is left alone; otherwise desired chunks are matched to existing slices with the same port set
 * (in name order) — unchanged slices are not written, changed ones updated, missing ones
 * created with generateName `<svc>-`, and surplus ones deleted.
 */
export async function syncEndpointSlices(deps: EndpointSliceSyncDeps, key: string): Promise<SyncResult> {
  const [ns = '', name = ''] = key.includes('/') ? key.split('/') : ['', key];
  const svc = deps.serviceLister.get(key);
  const existing = managedSlices(deps.sliceLister, ns, name);
  if (!svc || svc.metadata?.deletionTimestamp) {
    for (const s of existing) await deleteSlice(deps.client, s);
    return {};
  }
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return {};
  const selector = labelSelectorFromObject({ matchLabels: sel });
  const pods = deps.podLister.byIndex(NAMESPACE_INDEX, ns).filter((p) => selector.matches(p.metadata?.labels));
  const desired = desiredSlices(svc, pods, deps.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE);
  const pool = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    const k = canonicalJSON(s.ports ?? []);
    pool.set(k, [...(pool.get(k) ?? []), s]);
  }
  for (const d of desired) {
    const base = pool.get(d.portsKey)?.shift();
    const want = buildSlice(svc, d, base);
    if (!base) await deps.client.create(RESOURCES.endpointslices, want, { namespace: ns });
    else if (!sameSlice(base, want)) await deps.client.update(RESOURCES.endpointslices, want);
  }
  for (const rest of pool.values()) for (const s of rest) await deleteSlice(deps.client, s);
  return {};
}
