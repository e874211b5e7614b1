import { getControllerOf, newControllerRef } from '@tskube/api-types';
import type { KubeObject, LabelSelectorPredicate, ObjectMeta, ResourceInfo } from '@tskube/api-types';
import type { ObjectClient } from './object-client';

/**
 * Upstream `ControllerRefManager.Claim*`: of `candidates` (same namespace), returns those the
 * owner controls after adopting matching orphans and releasing owned objects whose labels no
 * longer match. Adoption and release are merge patches of `metadata.ownerReferences` guarded
 * by the object's uid. Nothing is adopted while the owner is being deleted; candidates being
 * deleted are never adopted. Adoption conflicts (someone else got there first) are skipped.
 */
export async function claimObjects<T extends KubeObject>(opts: {
  owner: Readonly<KubeObject>;
  selector: LabelSelectorPredicate;
  candidates: readonly Readonly<T>[];
  client: ObjectClient;
  resource: ResourceInfo;
}): Promise<Readonly<T>[]> {
  const { owner, selector, client, resource } = opts;
  const ownerUid = owner.metadata?.uid;
  const claimed: Readonly<T>[] = [];
  for (const obj of opts.candidates) {
    const ref = getControllerOf(obj);
    const matches = selector.matches(obj.metadata?.labels);
    const md: ObjectMeta = obj.metadata ?? {};
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (matches || owner.metadata?.deletionTimestamp) {
        claimed.push(obj);
        continue;
      }
      if (md.deletionTimestamp) continue;
      const rest = (md.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
      await ignoreGone(client.patch(resource, md.name ?? '', { metadata: { uid: md.uid, ownerReferences: rest } }, { namespace: md.namespace, type: 'merge' }));
      continue;
    }
    if (!matches || owner.metadata?.deletionTimestamp || md.deletionTimestamp) continue;
    const refs = [...(md.ownerReferences ?? []), newControllerRef(owner)];
    const ok = await ignoreGone(client.patch(resource, md.name ?? '', { metadata: { uid: md.uid, ownerReferences: refs } }, { namespace: md.namespace, type: 'merge' }));
    if (ok) claimed.push(obj);
  }
  return claimed;
}

/** Resolves false for 404/409/422 (the object went away or changed); rethrows anything else. */
async function ignoreGone(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 404 || code === 409 || code === 422) return false;
    throw err;
  }
}

/** True when the error is an API 404. */
export function isNotFoundError(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 404;
}
