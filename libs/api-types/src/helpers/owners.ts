/** Owner-reference helpers (upstream `metav1.GetControllerOf`, `IsControlledBy`). */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../types';

/** The owner reference with `controller: true`, or undefined. Returned object is not a copy. */
export function getControllerOf(obj: Readonly<KubeObject>): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** True when `obj`'s controller reference points at `owner` (compared by UID). */
export function isControlledBy(obj: Readonly<KubeObject>, owner: Readonly<KubeObject>): boolean {
  const ref = getControllerOf(obj);
  const uid = owner.metadata?.uid;
  return ref !== undefined && uid !== undefined && ref.uid === uid;
}

/**
 * A controller owner reference to `owner` (what controllers put on objects they create).
 * @throws Error when owner lacks apiVersion, kind, name or uid.
 */
export function newControllerRef(owner: Readonly<KubeObject>, opts: { apiVersion?: string; kind?: string } = {}): OwnerReference {
  const apiVersion = opts.apiVersion ?? owner.apiVersion;
  const kind = opts.kind ?? owner.kind;
  const name = owner.metadata?.name;
  const uid = owner.metadata?.uid;
  if (!apiVersion || !kind || !name || !uid) throw new Error('owner must have apiVersion, kind, metadata.name and metadata.uid');
  return { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true };
}
