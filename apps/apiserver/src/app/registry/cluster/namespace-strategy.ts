import type { Namespace } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { ForbiddenError } from '../../errors/api-errors';
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
 * Namespaces (upstream registry/core/namespace): phase Active with the `kubernetes` finalizer at
 * create. The first DELETE sets deletionTimestamp and phase Terminating and keeps the namespace;
 * kube-controller-manager's namespace controller empties it and removes `kubernetes` through the
 * `finalize` subresource, which deletes the namespace when no finalizer is left (see
 * {@link namespaceDoneDuringUpdate}). A DELETE of a terminating namespace with spec.finalizers
 * left changes nothing visible; without them it is an ordinary delete (metadata.finalizers still
 * hold it). Creates inside a terminating namespace are refused by the Store (403).
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
  deleteMode: (ns) => {
    const name = ns.metadata?.name ?? '';
    if (IMMORTAL_NAMESPACES.includes(name)) throw new ForbiddenError(RESOURCES.namespaces, name, 'this namespace may not be deleted');
    if (ns.metadata?.deletionTimestamp && !ns.spec?.finalizers?.length) return { kind: 'immediate' };
    return {
      kind: 'mark',
      mark: (cur) => {
        const n = cur as Namespace;
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
