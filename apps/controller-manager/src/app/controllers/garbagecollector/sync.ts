import { findResourceByKind, joinKey, RESOURCES } from '@tskube/api-types';
import type { KubeObject, OwnerReference, ResourceInfo } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { isNotFoundError } from '@tskube/controller-utils';
import type { Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';

export interface GarbageCollectorDeps {
  /** Dependents to check, by resource (`pods`, `replicasets`). */
  dependents: Readonly<Record<string, Lister<KubeObject>>>;
  /** Caches of owner kinds, by resource, consulted before a live GET. */
  owners: Readonly<Record<string, Lister<KubeObject>>>;
  client: ObjectClient;
  logger: Logger;
}

/** GC queue keys: `<resource>|<namespace>/<name>`. */
export const gcKey = (resource: string, obj: Readonly<KubeObject>): string => `${resource}|${joinKey(obj.metadata?.namespace, obj.metadata?.name ?? '')}`;

type OwnerState = 'present' | 'absent' | 'unknown';

async function ownerState(deps: GarbageCollectorDeps, ref: OwnerReference, namespace: string | undefined): Promise<OwnerState> {
  const res: ResourceInfo | undefined = findResourceByKind(ref.apiVersion, ref.kind);
  if (!res) return 'unknown';
  const ns = res.namespaced ? namespace : undefined;
  const cached = deps.owners[res.resource]?.get(joinKey(ns, ref.name));
  if (cached?.metadata?.uid === ref.uid) return 'present';
  // The cache may lag behind a just-created owner: confirm with the server before deleting.
  try {
    const live = await deps.client.get(res, ref.name, { namespace: ns });
    return live.metadata?.uid === ref.uid ? 'present' : 'absent';
  } catch (err) {
    if (isNotFoundError(err)) return 'absent';
    throw err;
  }
}

/**
 * Upstream garbage collector's `attemptToDeleteItem`, simplified for background propagation:
 * a dependent none of whose owners exist (by UID) any more is deleted (background, uid
 * precondition); one that lost only some owners has those references removed. Owners of kinds
 * tskube does not serve are assumed present.
 */
export async function syncDependent(deps: GarbageCollectorDeps, key: string): Promise<SyncResult> {
  const [resource = '', objKey = ''] = key.split('|');
  const obj = deps.dependents[resource]?.get(objKey);
  const refs = obj?.metadata?.ownerReferences ?? [];
  if (!obj || refs.length === 0 || obj.metadata?.deletionTimestamp) return {};
  const md = obj.metadata!;
  const states = await Promise.all(refs.map((r) => ownerState(deps, r, md.namespace)));
  const absent = refs.filter((_, i) => states[i] === 'absent');
  if (absent.length === 0) return {};
  const res = Object.values(RESOURCES).find((r: ResourceInfo) => r.resource === resource);
  if (!res) return {};
  try {
    if (absent.length === refs.length) {
      deps.logger.info('deleting object whose owners are gone', { object: key, owners: absent.map((r) => `${r.kind}/${r.name}`) });
      await deps.client.delete(res, md.name ?? '', { namespace: md.namespace, propagationPolicy: 'Background', preconditions: { uid: md.uid } });
    } else {
      const keep = refs.filter((_, i) => states[i] !== 'absent');
      await deps.client.patch(res, md.name ?? '', { metadata: { uid: md.uid, ownerReferences: keep } }, { namespace: md.namespace, type: 'merge' });
    }
  } catch (err) {
    if (!isNotFoundError(err) && (err as { code?: unknown }).code !== 409) throw err;
  }
  return {};
}
