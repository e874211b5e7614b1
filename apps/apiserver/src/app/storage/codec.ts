import type { KubeObject } from '@tskube/api-types';
import { PreconditionError } from './errors';
import type { Preconditions } from './types';

/**
 * Serialisation shared by the backends: objects are stored as JSON without
 * `metadata.resourceVersion` (the backend's revision is the source of truth) and get it back
 * on every read.
 */
export function encodeObject(obj: KubeObject): string {
  const meta = obj.metadata;
  if (meta === undefined || meta === null) return JSON.stringify({ ...obj, metadata: {} });
  // Most writes (creates) carry no resourceVersion: encode the object itself, with no copy.
  if (!Object.hasOwn(meta, 'resourceVersion')) return JSON.stringify(obj);
  const { resourceVersion: _, ...rest } = meta; // a rest copy, not `delete` (which would slow the encode down)
  return JSON.stringify({ ...obj, metadata: rest });
}

export function decodeObject(value: string, revision: number): KubeObject {
  const obj = JSON.parse(value) as KubeObject;
  obj.metadata = { ...(obj.metadata ?? {}), resourceVersion: String(revision) };
  return obj;
}

/**
 * The object a write just stored, without re-parsing it: a copy of `obj` whose top level and
 * metadata are new (resourceVersion = `revision`) and whose nested values are shared with
 * `obj`. Callers hand over `obj` with the write and must not mutate it afterwards.
 */
export function withRevision(obj: KubeObject, revision: number): KubeObject {
  return { ...obj, metadata: { ...(obj.metadata ?? {}), resourceVersion: String(revision) } };
}

/** Throws PreconditionError if `cur` does not satisfy `pre`. */
export function checkPreconditions(key: string, cur: KubeObject, pre: Preconditions | undefined): void {
  if (!pre) return;
  const uid = cur.metadata?.uid ?? '';
  if (pre.uid && pre.uid !== uid) throw new PreconditionError(key, 'uid', pre.uid, uid);
  const rv = cur.metadata?.resourceVersion ?? '';
  if (pre.resourceVersion && pre.resourceVersion !== rv) throw new PreconditionError(key, 'resourceVersion', pre.resourceVersion, rv);
}

/** Parses a resourceVersion string; "" → 0. Throws on garbage (callers map to 400). */
export function parseRevision(rv: string | undefined): number {
  if (rv === undefined || rv === '') return 0;
  if (!/^\d+$/.test(rv)) throw new RangeError(`invalid resource version "${rv}"`);
  return Number(rv);
}
