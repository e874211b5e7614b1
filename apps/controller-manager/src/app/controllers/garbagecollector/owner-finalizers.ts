import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { isNotFoundError } from '@tskube/controller-utils';
import type { EventRecorder, Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { KINDS } from '../../kinds';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';
/** Safety-net re-check while waiting for dependents (their deletions also enqueue the owner). */
export const WAIT_REQUEUE_MS = 5000;

export interface OwnerFinalizerDeps {
  /** Every dependent kind, by resource name (`pods`, `replicasets`, ...). */
  dependents: Readonly<Record<string, Lister<KubeObject>>>;
  client: ObjectClient;
  logger: Logger;
  recorder?: EventRecorder;
}

interface Dependent {
  resource: ResourceInfo;
  obj: Readonly<KubeObject>;
  blocking: boolean;
}

/** The catalog entry of a resource name (RESOURCES first, then the controller-manager's KINDS). */
export function infoFor(resource: string): ResourceInfo | undefined {
  return [...Object.values(RESOURCES), ...Object.values(KINDS)].find((r: ResourceInfo) => r.resource === resource);
}

/** Cached objects naming `uid` in their ownerReferences, with whether that reference blocks. */
export function dependentsOf(deps: OwnerFinalizerDeps, uid: string, namespace: string | undefined): Dependent[] {
  const out: Dependent[] = [];
  for (const [resource, lister] of Object.entries(deps.dependents)) {
    const info = infoFor(resource);
    if (!info) continue;
    const objs = namespace !== undefined && info.namespaced ? lister.byIndex('namespace', namespace) : lister.list();
    for (const obj of objs) {
      const ref = obj.metadata?.ownerReferences?.find((r) => r.uid === uid);
      if (ref) out.push({ resource: info, obj, blocking: ref.blockOwnerDeletion === true });
    }
  }
  return out;
}

/**
 * The garbage collector's side of Foreground and Orphan deletion for an owner being deleted
 * (upstream `processDeletingDependentsItem` and `orphanDependents`):
 * - `orphan`: removes the owner's reference from every dependent, then the finalizer;
 * - `foregroundDeletion`: deletes every dependent (Foreground for those that block, so the chain
 *   waits all the way down; pods Background: their graceful deletion already keeps them), and
 *   removes the finalizer once no blocking dependent is left. A dependent that is also an owner
 *   of this object (an ownerReference cycle) is reported with an event and not waited for.
 * Finalizer removal is a merge patch guarded by resourceVersion: a conflict throws and retries.
 * Owners may be of any kind the collector watches, Namespaces included (cluster-scoped: their
 * dependents are looked for in every namespace).
 */
export async function syncOwnerFinalizers(deps: OwnerFinalizerDeps, resource: ResourceInfo, owner: Readonly<KubeObject>): Promise<SyncResult> {
  const md = owner.metadata ?? {};
  const fins = md.finalizers ?? [];
  if (!md.deletionTimestamp || !md.uid) return {};
  const dependents = dependentsOf(deps, md.uid, md.namespace);
  if (fins.includes(ORPHAN_FINALIZER)) {
    for (const d of dependents) {
      const dm = d.obj.metadata ?? {};
      const rest = (dm.ownerReferences ?? []).filter((r) => r.uid !== md.uid);
      await ignoreMissing(deps.client.patch(d.resource, dm.name ?? '', { metadata: { uid: dm.uid, ownerReferences: orNull(rest) } }, { namespace: dm.namespace, type: 'merge' }));
    }
    await removeFinalizer(deps, resource, owner, ORPHAN_FINALIZER);
    deps.logger.info('orphaned dependents', { owner: `${resource.resource}/${md.name ?? ''}`, count: dependents.length });
    return {};
  }
  if (!fins.includes(FOREGROUND_FINALIZER)) return {};
  const ownerOf = new Set((md.ownerReferences ?? []).map((r) => r.uid));
  let waiting = 0;
  for (const d of dependents) {
    const dm = d.obj.metadata ?? {};
    if (ownerOf.has(dm.uid ?? '')) {
      deps.recorder?.event(owner, 'Warning', 'OwnerRefCycle', `${d.resource.kind} ${dm.name ?? ''} is both owner and dependent; not waiting for it`);
      continue;
    }
    if (d.blocking) waiting++;
    if (dm.deletionTimestamp) continue;
    const policy = d.blocking && d.resource.resource !== 'pods' ? 'Foreground' : 'Background';
    await ignoreMissing(deps.client.delete(d.resource, dm.name ?? '', { namespace: dm.namespace, propagationPolicy: policy, preconditions: { uid: dm.uid } }));
  }
  if (waiting > 0) return { requeueAfterMs: WAIT_REQUEUE_MS };
  await removeFinalizer(deps, resource, owner, FOREGROUND_FINALIZER);
  deps.logger.info('dependents gone, foreground deletion finished', { owner: `${resource.resource}/${md.name ?? ''}` });
  return {};
}

async function removeFinalizer(deps: OwnerFinalizerDeps, resource: ResourceInfo, owner: Readonly<KubeObject>, finalizer: string): Promise<void> {
  const md = owner.metadata ?? {};
  const finalizers = (md.finalizers ?? []).filter((f) => f !== finalizer);
  await ignoreMissing(deps.client.patch(resource, md.name ?? '', { metadata: { resourceVersion: md.resourceVersion, finalizers: orNull(finalizers) } }, { namespace: md.namespace, type: 'merge' }));
}

/**
 * A list for a merge patch, or null (which removes the field) when it is empty: upstream's
 * ObjectMeta lists are `omitempty`, so an emptied ownerReferences / finalizers list is absent
 * from the object, not `[]`.
 */
const orNull = <T>(list: T[]): T[] | null => (list.length ? list : null);

/** 404 means the object is gone already; anything else (409 included) is retried by the queue. */
async function ignoreMissing(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFoundError(err)) throw err;
  }
}
