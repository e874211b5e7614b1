import type { DeleteOptions, Namespace } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { ConflictError, ForbiddenError } from '../../errors/api-errors';
import { namespaceFinalizersAfterDelete, withFinalizers } from '../gc-finalizers';
import { nowTimestamp } from '../object-meta';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { Strategy } from '../strategy';
import { w } from '../mutable';

/** Namespaces that may never be deleted (upstream NamespaceLifecycle). */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/**
 * Upstream `ShouldDeleteNamespaceDuringUpdate`: an update of a namespace being deleted removes
 * it once both spec.finalizers and metadata.finalizers are empty (the namespace controller's
 * `finalize` call that drops `kubernetes` ends the namespace).
 */
export function namespaceDoneDuringUpdate(ns: Namespace, old: Namespace): boolean {
  return !!old.metadata?.deletionTimestamp && !ns.spec?.finalizers?.length && !ns.metadata?.finalizers?.length;
}

/**
 * The preconditions of a namespace DELETE, checked against the stored namespace before anything
 * else as upstream's namespace REST Delete does (so also for a namespace already terminating),
 * with its messages. @throws ConflictError (409) on a uid or resourceVersion mismatch.
 */
export function checkNamespaceDeletePreconditions(ns: Namespace, opts: DeleteOptions): void {
  const name = ns.metadata?.name ?? '';
  const pre = opts.preconditions;
  const uid = ns.metadata?.uid ?? '';
  const rv = ns.metadata?.resourceVersion ?? '';
  if (pre?.uid && pre.uid !== uid) throw new ConflictError(RESOURCES.namespaces, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${uid}`);
  if (pre?.resourceVersion && pre.resourceVersion !== rv) throw new ConflictError(RESOURCES.namespaces, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${rv}`);
}

/**
 * Namespaces (upstream registry/core/namespace): phase Active with the `kubernetes` finalizer at
 * create. The first DELETE sets deletionTimestamp and phase Terminating and keeps the namespace,
 * with the garbage-collector finalizer its propagation asks for in metadata.finalizers
 * (`orphan` for Orphan / `orphanDependents: true`, `foregroundDeletion` for Foreground /
 * `orphanDependents: false`, neither for Background, unchanged without a choice: see
 * namespaceFinalizersAfterDelete). kube-controller-manager's namespace controller empties it
 * and removes `kubernetes` through the `finalize` subresource; the garbage collector orphans or
 * deletes the Namespace's own dependents and removes its finalizer; whichever comes last deletes
 * the namespace (no finalizer left, see {@link namespaceDoneDuringUpdate}).
 * A DELETE of a terminating namespace with spec.finalizers left answers the namespace as
 * stored, without a write (same resourceVersion, no watch event, DeleteOptions' propagation
 * ignored, as upstream); without them it is the generic Store's delete (GC finalizers updated
 * by the policy, held while metadata.finalizers remain). Preconditions are checked first in
 * every case ({@link checkNamespaceDeletePreconditions}). Creates inside a terminating
 * namespace are refused by the Store (403).
 */
export const namespaceStrategy: Strategy<Namespace> = {
  allowCreateOnUpdate: false,
  nameRule: 'label',
  canonicalize: (ns) => {
    // upstream adds this immutable label to every namespace
    w(ns).metadata = { ...ns.metadata, labels: { ...ns.metadata?.labels, 'kubernetes.io/metadata.name': ns.metadata?.name ?? '' } };
  },
  prepareForCreate: (_ctx, ns) => {
    ns.spec = { finalizers: ['kubernetes'] };
    ns.status = { phase: 'Active' };
  },
  validate: () => [],
  prepareForUpdate: (_ctx, ns, old) => {
    keepStatus(ns, old);
    ns.spec = structuredClone(old.spec ?? {});
  },
  validateUpdate: () => [],
  fieldAttrs: (ns) => ({ 'status.phase': ns.status?.phase ?? '' }),
  shouldDeleteDuringUpdate: namespaceDoneDuringUpdate,
  deleteMode: (ns, opts) => {
    const name = ns.metadata?.name ?? '';
    if (IMMORTAL_NAMESPACES.includes(name)) throw new ForbiddenError(RESOURCES.namespaces, name, 'this namespace may not be deleted');
    checkNamespaceDeletePreconditions(ns, opts);
    if (ns.metadata?.deletionTimestamp) return ns.spec?.finalizers?.length ? { kind: 'unchanged' } : { kind: 'immediate' };
    return {
      kind: 'mark',
      ownsGCFinalizers: true,
      mark: (cur) => {
        const n = withFinalizers(cur, namespaceFinalizersAfterDelete(cur.metadata?.finalizers ?? [], opts)) as Namespace;
        w(n).metadata ??= {};
        w(n.metadata!).deletionTimestamp ??= nowTimestamp();
        w(n).status = { ...n.status, phase: 'Terminating' };
        return n;
      },
    };
  },
};

/** status and finalize subresources: the finalize one may change spec.finalizers. */
export const namespaceStatusStrategy: Strategy<Namespace> = statusStrategyOf(namespaceStrategy);
export const namespaceFinalizeStrategy: Strategy<Namespace> = {
  ...namespaceStrategy,
  prepareForUpdate: (_ctx, ns, old) => {
    keepStatus(ns, old);
    ns.spec = { finalizers: ns.spec?.finalizers ?? [] };
  },
};
