import type { KubeObject } from '@tskube/api-types';
import { ApplyConflictError, serverSideApply } from './apply';
import { compare } from './compare';
import { fieldSetOf, parsePath, pathString } from './fieldset';
import type { Writer } from './managed';
import { isObj } from './schema-types';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Server-side apply with upstream's lastAppliedManager rule, the upgrade path from client-side
 * apply: for the manager `kubectl` only, conflicts on fields of the live object's up-to-date
 * `last-applied-configuration` annotation (every field in it still has its value live) are
 * allowed, so the apply is forced; other conflicts are still reported (and only those).
 */
export function applyWithLastApplied(live: KubeObject | undefined, applied: KubeObject, w: Writer, force: boolean): KubeObject {
  try {
    return serverSideApply(live, applied, w, force);
  } catch (err) {
    if (!(err instanceof ApplyConflictError) || w.manager !== 'kubectl' || !live) throw err;
    const allowed = allowedFromLastApplied(live);
    if (!allowed) throw err;
    const rest = err.conflicts.filter((c) => !allowed.has(c.field));
    if (rest.length) throw new ApplyConflictError(rest);
    return serverSideApply(live, applied, w, true);
  }
}

/** The printed paths of the last-applied configuration when it matches the live object, else undefined. */
function allowedFromLastApplied(live: KubeObject): Set<string> | undefined {
  const raw = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!raw) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObj(last)) return undefined;
  // Up to date: no field of the annotation was changed or removed in the live object (fields only live has are fine).
  const c = compare(last, live);
  if (c.modified.size || c.removed.size) return undefined;
  return new Set([...fieldSetOf(last)].map((k) => pathString(parsePath(k))));
}
