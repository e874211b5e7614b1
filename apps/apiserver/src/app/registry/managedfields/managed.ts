import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@tskube/api-types';
import { compare } from './compare';
import { createdFieldsV1 } from './created-fields';
import { nowTimestamp } from '../object-meta';
import { fromFieldsV1, isUnder, toFieldsV1 } from './fieldset';
import type { FieldSet } from './fieldset';

/** One `metadata.managedFields` entry (upstream ManagedFieldsEntry). */
export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** Who writes and how (the request's identity for managedFields). */
export interface Writer {
  manager: string;
  apiVersion: string;
  subresource?: string | undefined;
}

/** Manager name when `fieldManager` is absent: the user agent up to its first `/` (as upstream). */
export function defaultManager(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').split('/')[0]?.trim() ?? '';
  return ua.slice(0, 128) || 'unknown';
}

export const nowTime = (): string => nowTimestamp();

/** The managedFields of `obj` (a copy), decoded per entry. */
export function entriesOf(obj: KubeObject | undefined): { entry: ManagedEntry; set: FieldSet }[] {
  const raw = (obj?.metadata as { managedFields?: unknown } | undefined)?.managedFields;
  if (!Array.isArray(raw)) return [];
  return (raw as ManagedEntry[]).map((e) => ({ entry: { ...e }, set: fromFieldsV1(e.fieldsV1) }));
}

/** Upstream's managedFields order: Apply entries before Update entries, then by time, manager, apiVersion, subresource. */
function entryOrder(p: ManagedEntry, q: ManagedEntry): number {
  if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
  const pt = p.time ? Date.parse(p.time) : 0;
  const qt = q.time ? Date.parse(q.time) : 0;
  if (pt !== qt) return pt - qt;
  for (const [a, b] of [[p.manager, q.manager], [p.apiVersion, q.apiVersion], [p.subresource ?? '', q.subresource ?? '']] as const) if (a !== b) return a < b ? -1 : 1;
  return 0;
}

/** Writes decoded entries back to `obj.metadata.managedFields` (empty sets dropped, upstream order). */
export function setEntries(obj: KubeObject, entries: { entry: ManagedEntry; set: FieldSet }[]): void {
  const kept = entries.filter((e) => e.set.size).map((e) => ({ ...e.entry, fieldsType: 'FieldsV1' as const, fieldsV1: toFieldsV1(e.set) }));
  kept.sort(entryOrder);
  const m = (obj.metadata ??= {}) as { managedFields?: ManagedEntry[] };
  if (kept.length) m.managedFields = kept;
  else delete m.managedFields;
}

/** Removes from `set` every path equal to or below one of `prefixes`. */
export function dropUnder(set: FieldSet, prefixes: Iterable<string>): void {
  const ps = [...prefixes];
  if (!ps.length) return;
  for (const k of [...set]) if (ps.some((p) => isUnder(k, p))) set.delete(k);
}

const same = (a: { manager: string; operation: string; subresource?: string | undefined }, b: typeof a): boolean =>
  a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '');

/**
 * Records an Update operation (POST/PUT/non-apply PATCH, incl. the scale and status
 * subresources) as upstream: the fields of `next` added or changed relative to `old` (typed
 * comparison; status fields only for the status subresource, never otherwise) become owned by
 * `w.manager`'s Update entry and are taken from every other manager; removed fields are dropped
 * from everyone. `next.metadata.managedFields` is replaced; when the body carried none, `old`'s are kept.
 */
export function recordUpdate(old: KubeObject | undefined, next: KubeObject, w: Writer): void {
  const nextMeta = (next.metadata ??= {}) as { managedFields?: unknown };
  if (!old && nextMeta.managedFields === undefined) return recordCreate(next, w);
  const base = nextMeta.managedFields === undefined ? entriesOf(old) : entriesOf(next);
  const c = compare(old, next, { scope: w.subresource === 'status' ? 'status' : 'main' });
  const changed = new Set([...c.added, ...c.modified]);
  for (const e of base) {
    for (const k of changed) e.set.delete(k);
    dropUnder(e.set, c.removed);
  }
  if (!changed.size) return setEntries(next, base);
  const key = { manager: w.manager, operation: 'Update' as const, subresource: w.subresource };
  let mine = base.find((e) => same(e.entry, key));
  if (!mine) {
    mine = { entry: { manager: w.manager, operation: 'Update', apiVersion: w.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {} }, set: new Set() };
    if (w.subresource) mine.entry.subresource = w.subresource;
    base.push(mine);
  }
  for (const k of changed) mine.set.add(k);
  mine.entry.time = nowTime();
  mine.entry.apiVersion = w.apiVersion;
  setEntries(next, capUpdateManagers(base));
}

/**
 * recordUpdate without an old object or managedFields in the body (every plain create): the
 * writer's one entry owns the object's whole field set (created-fields.ts). Same entry, key order
 * included, as the general path builds.
 */
function recordCreate(next: KubeObject, w: Writer): void {
  const fieldsV1 = createdFieldsV1(next, w.subresource === 'status' ? 'status' : 'main');
  if (!fieldsV1) {
    delete (next.metadata as { managedFields?: unknown }).managedFields;
    return;
  }
  const entry: ManagedEntry = { manager: w.manager, operation: 'Update', apiVersion: w.apiVersion, fieldsType: 'FieldsV1', fieldsV1 };
  if (w.subresource) entry.subresource = w.subresource;
  entry.time = nowTime();
  (next.metadata as { managedFields?: ManagedEntry[] }).managedFields = [entry];
}

/** Upstream's cap on Update entries (DefaultMaxUpdateManagers). */
export const MAX_UPDATE_MANAGERS = 10;
type Decoded = { entry: ManagedEntry; set: FieldSet };

/**
 * Upstream capManagers: with more than MAX_UPDATE_MANAGERS Update entries, the oldest are merged
 * (per apiVersion) into one `ancient-changes` Update entry carrying the time of the newest merged.
 */
export function capUpdateManagers(entries: Decoded[]): Decoded[] {
  const updaters = entries.filter((e) => e.entry.operation === 'Update' && e.set.size).sort((a, b) => entryOrder(a.entry, b.entry));
  let count = updaters.length;
  const buckets = new Map<string, Decoded>();
  const removed = new Set<Decoded>();
  for (const u of updaters) {
    if (count <= MAX_UPDATE_MANAGERS) break;
    const bucket = buckets.get(u.entry.apiVersion);
    if (!bucket) {
      buckets.set(u.entry.apiVersion, u);
      continue;
    }
    if (bucket.entry.manager !== 'ancient-changes') bucket.entry = { manager: 'ancient-changes', operation: 'Update', apiVersion: u.entry.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {} };
    for (const k of u.set) bucket.set.add(k);
    if (u.entry.time) bucket.entry.time = u.entry.time;
    removed.add(u);
    count--;
  }
  return entries.filter((e) => !removed.has(e));
}

/** The object with its managedFields as an order-free list of entries without times. */
const withoutTimes = (o: KubeObject): unknown => {
  const c = structuredClone(o);
  const entries = ((c.metadata?.managedFields ?? []) as ManagedEntry[]).map((e) => JSON.stringify({ ...e, time: undefined })).sort();
  if (c.metadata) delete c.metadata.managedFields;
  return { object: c, entries };
};

/**
 * Upstream's timestamp rule: when a write changes nothing but managedFields times (a no-op
 * re-apply), `next` keeps `old`'s managedFields so the stored object, and its resourceVersion,
 * stay the same.
 */
export function keepTimesIfUnchanged(old: KubeObject | undefined, next: KubeObject): void {
  if (!old?.metadata?.managedFields || !next.metadata) return;
  if (isDeepStrictEqual(withoutTimes(old), withoutTimes(next))) next.metadata.managedFields = structuredClone(old.metadata.managedFields);
}
