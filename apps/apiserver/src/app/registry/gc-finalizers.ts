import type { DeleteOptions, KubeObject } from '@tskube/api-types';
import { BadRequestError } from '../errors/api-errors';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/**
 * The garbage-collector finalizer a DELETE asks for (upstream `deletionFinalizersForGarbageCollection`):
 * `propagationPolicy: Foreground` → `foregroundDeletion` (the object stays, with a
 * deletionTimestamp, until the garbage collector has deleted its dependents that have
 * `blockOwnerDeletion`); `Orphan` or the deprecated `orphanDependents: true` → `orphan` (the
 * collector strips the owner reference from every dependent first). `Background` or nothing →
 * none: the object goes at once and the collector deletes dependents afterwards.
 * Namespaces are exempt (their own finalizer empties them).
 * @throws BadRequestError for an unknown policy or both fields given.
 */
export function gcFinalizerFor(opts: DeleteOptions, resource: string): string | undefined {
  const p = opts.propagationPolicy;
  if (p !== undefined && opts.orphanDependents !== undefined) throw new BadRequestError('orphanDependents and propagationPolicy cannot both be set');
  if (p !== undefined && p !== 'Foreground' && p !== 'Background' && p !== 'Orphan') throw new BadRequestError(`Unsupported value: "${p}": supported values: "Foreground", "Background", "Orphan"`);
  if (resource === 'namespaces') return undefined;
  if (p === 'Foreground') return FOREGROUND_FINALIZER;
  if (p === 'Orphan' || opts.orphanDependents === true) return ORPHAN_FINALIZER;
  return undefined;
}

/**
 * `obj` with `finalizer` added, replacing the other GC finalizer (a later DELETE with another
 * policy wins, as upstream). Returns `obj` unchanged when `finalizer` is undefined.
 */
export function withGCFinalizer(obj: KubeObject, finalizer: string | undefined): KubeObject {
  if (!finalizer) return obj;
  const other = finalizer === FOREGROUND_FINALIZER ? ORPHAN_FINALIZER : FOREGROUND_FINALIZER;
  const cur = (obj.metadata?.finalizers ?? []).filter((f) => f !== other);
  const finalizers = cur.includes(finalizer) ? cur : [...cur, finalizer];
  return { ...obj, metadata: { ...obj.metadata, finalizers } };
}
