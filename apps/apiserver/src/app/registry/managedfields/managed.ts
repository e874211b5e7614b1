import type { KubeObject } from '@tskube/api-types';
import { fieldSetOf, fromFieldsV1, getPath, parsePath, toFieldsV1 } from './fieldset';
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

export const nowTime = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The managedFields of `obj` (a copy), decoded per entry. */
export function entriesOf(obj: KubeObject | undefined): { entry: ManagedEntry; set: FieldSet }[] {
  const raw = (obj?.metadata as { managedFields?: unknown } | undefined)?.managedFields;
  if (!Array.isArray(raw)) return [];
  return (raw as ManagedEntry[]).map((e) => ({ entry: { ...e }, set: fromFieldsV1(e.fieldsV1) }));
}

/** Writes decoded entries back to `obj.metadata.managedFields` (empty sets dropped). */
export function setEntries(obj: KubeObject, entries: { entry: ManagedEntry; set: FieldSet }[]): void {
  const kept = entries.filter((e) => e.set.size).map((e) => ({ ...e.entry, fieldsType: 'FieldsV1' as const, fieldsV1: toFieldsV1(e.set) }));
  const m = (obj.metadata ??= {}) as { managedFields?: ManagedEntry[] };
  if (kept.length) m.managedFields = kept;
  else delete m.managedFields;
}

const same = (a: { manager: string; operation: string; subresource?: string | undefined }, b: typeof a): boolean =>
  a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '');

/**
 * Records an Update operation (POST/PUT/non-apply PATCH): the leaf fields of `next` whose value
 * differs from `old` become owned by `w.manager` (Update entry) and are taken from every other
 * manager. `next.metadata.managedFields` is replaced; when the body carried none, `old`'s are kept.
 */
export function recordUpdate(old: KubeObject | undefined, next: KubeObject, w: Writer): void {
  const nextMeta = (next.metadata ??= {}) as { managedFields?: unknown };
  const base = nextMeta.managedFields === undefined ? entriesOf(old) : entriesOf(next);
  const withStatus = w.subresource === 'status';
  const changed = new Set(
    [...fieldSetOf(next, { withStatus })].filter((k) => {
      if (withStatus !== k.startsWith('["f:status"')) return false;
      const p = parsePath(k);
      return JSON.stringify(getPath(next, p)) !== JSON.stringify(getPath(old, p));
    }),
  );
  if (!changed.size) return setEntries(next, base);
  for (const e of base) for (const k of changed) e.set.delete(k);
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
  setEntries(next, base);
}
