import type { DeleteOptions, KubeObject } from '@tskube/api-types';
import { BadRequestError } from '../errors/api-errors';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** The deprecated `orphanDependents` when the request set it (JSON null counts as unset, as a nil pointer). */
const orphanOpt = (opts: DeleteOptions): boolean | undefined => (typeof opts.orphanDependents === 'boolean' ? opts.orphanDependents : undefined);

/**
 * Upstream's DeleteOptions validation of the propagation fields.
 * @throws BadRequestError for an unknown policy or both `orphanDependents` and `propagationPolicy` given.
 */
export function validatePropagation(opts: DeleteOptions): void {
  const p = opts.propagationPolicy;
  if (p != null && orphanOpt(opts) !== undefined) throw new BadRequestError('orphanDependents and propagationPolicy cannot both be set');
  if (p != null && p !== 'Foreground' && p !== 'Background' && p !== 'Orphan') throw new BadRequestError(`Unsupported value: "${p}": supported values: "Foreground", "Background", "Orphan"`);
}

/**
 * `finalizers` with `orphan` and `foregroundDeletion` present exactly as asked: the list itself
 * when that is already so (order kept), otherwise the other finalizers in their order followed
 * by `orphan` and/or `foregroundDeletion` (upstream builds the same set).
 */
function withGC(finalizers: readonly string[], orphan: boolean, foreground: boolean): readonly string[] {
  if (finalizers.includes(ORPHAN_FINALIZER) === orphan && finalizers.includes(FOREGROUND_FINALIZER) === foreground) return finalizers;
  const rest = finalizers.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  return [...rest, ...(orphan ? [ORPHAN_FINALIZER] : []), ...(foreground ? [FOREGROUND_FINALIZER] : [])];
}

/**
 * The finalizers a DELETE leaves on an object (upstream generic registry
 * `deletionFinalizersForGarbageCollection`, default policy: delete dependents). An explicit
 * choice replaces both GC finalizers: `propagationPolicy: Orphan` or `orphanDependents: true` →
 * `orphan` (the collector strips the owner reference from every dependent first); `Foreground`
 * → `foregroundDeletion` (the object stays until the collector has deleted its dependents that
 * have `blockOwnerDeletion`); `Background` or `orphanDependents: false` → neither. Without a
 * choice the object's own GC finalizer stays. Other finalizers are kept.
 */
export function gcFinalizersAfterDelete(finalizers: readonly string[], opts: DeleteOptions): readonly string[] {
  const o = orphanOpt(opts);
  const p = opts.propagationPolicy;
  const explicit = o !== undefined || p != null;
  const firstGC = finalizers.find((f) => f === ORPHAN_FINALIZER || f === FOREGROUND_FINALIZER);
  const orphan = explicit ? o ?? p === 'Orphan' : firstGC === ORPHAN_FINALIZER;
  const foreground = explicit ? o === undefined && p === 'Foreground' : firstGC === FOREGROUND_FINALIZER;
  return withGC(finalizers, orphan, foreground);
}

/**
 * The finalizers the first DELETE of a namespace leaves on it (upstream namespace REST Delete:
 * `shouldHaveOrphanFinalizer` / `shouldHaveDeleteDependentsFinalizer`). Like
 * {@link gcFinalizersAfterDelete} except for the deprecated field: `orphanDependents: false`
 * asks for `foregroundDeletion`; without a choice both current GC finalizers stay as they are.
 */
export function namespaceFinalizersAfterDelete(finalizers: readonly string[], opts: DeleteOptions): readonly string[] {
  const o = orphanOpt(opts);
  const p = opts.propagationPolicy;
  const orphan = o ?? (p != null ? p === 'Orphan' : finalizers.includes(ORPHAN_FINALIZER));
  const foreground = o !== undefined ? !o : p != null ? p === 'Foreground' : finalizers.includes(FOREGROUND_FINALIZER);
  return withGC(finalizers, orphan, foreground);
}

/** `obj` with its metadata.finalizers replaced by `finalizers` (the same object when they are equal; an empty list drops the field, as upstream's omitempty). */
export function withFinalizers(obj: KubeObject, finalizers: readonly string[]): KubeObject {
  const cur = obj.metadata?.finalizers ?? [];
  if (cur.length === finalizers.length && cur.every((f, i) => f === finalizers[i])) return obj;
  const metadata: NonNullable<KubeObject['metadata']> = { ...obj.metadata, finalizers: [...finalizers] };
  if (!finalizers.length) delete metadata.finalizers;
  return { ...obj, metadata };
}
