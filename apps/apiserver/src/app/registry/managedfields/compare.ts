import { isDeepStrictEqual } from 'node:util';
import { resolveSchema } from '../../openapi/schemas/registry';
import { isLeafValue, ownable, pathKey, walk } from './fieldset';
import type { FieldSet, Scope } from './fieldset';
import { fieldType, isAtomicMap, isDeclaredField, isObj, itemElement, itemType, listType, schemaOfObject } from './schema-types';
import type { TypeRef } from './schema-types';

/**
 * The typed difference between two versions of an object (upstream TypedValue.Compare):
 * `added` and `modified` are field-set paths of the new version (leaves, plus `.` members of new
 * list items and new granular maps); `removed` are path prefixes gone from the old version.
 */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Compares the ownable parts (see `ownable`) of `old` and `next` using `next`'s kind schema. */
export function compare(old: unknown, next: unknown, opts: { scope?: Scope; schema?: TypeRef } = {}): Comparison {
  const c: Comparison = { added: new Set(), modified: new Set(), removed: new Set() };
  const t = opts.schema ?? schemaOfObject(next) ?? schemaOfObject(old);
  cmp(ownable(old, opts.scope), ownable(next, opts.scope), t, [], c);
  return c;
}

const absent = (v: unknown): boolean => v === undefined || v === null;

/** A granular map type (declares only an element type): a new one is owned with its `.` member. */
function isGranularMap(t: TypeRef): boolean {
  if (!t || isAtomicMap(t)) return false;
  const r = resolveSchema(t);
  return !!r.additionalProperties && !r.properties;
}

/** Adds a new subtree: its field set, plus `.` for every non-empty granular map inside it. */
function added(v: unknown, t: TypeRef, path: string[], c: Comparison, member: boolean): void {
  walk(v, t, path, c.added, false);
  if (member) c.added.add(pathKey([...path, '.']));
  markMaps(v, t, path, c.added);
}

function markMaps(v: unknown, t: TypeRef, path: string[], out: FieldSet): void {
  if (isObj(v) && !isAtomicMap(t)) {
    for (const [k, child] of Object.entries(v)) {
      const ft = fieldType(t, k);
      if (isDeclaredField(t, k) && isGranularMap(ft) && !isLeafValue(child, ft)) out.add(pathKey([...path, `f:${k}`, '.']));
      markMaps(child, ft, [...path, `f:${k}`], out);
    }
  } else if (Array.isArray(v) && listType(t).type === 'map') {
    const lt = listType(t);
    const it = itemType(t);
    for (const item of v) {
      const el = itemElement(item, lt, it);
      if (el !== undefined) markMaps(item, it, [...path, el], out);
    }
  }
}

function cmp(a: unknown, b: unknown, t: TypeRef, path: string[], c: Comparison): void {
  if (absent(a) && absent(b)) return;
  if (absent(b)) return void c.removed.add(pathKey(path));
  if (absent(a)) return added(b, t, path, c, false);
  if (isObj(a) && isObj(b)) {
    if (isAtomicMap(t)) {
      if (!isDeepStrictEqual(a, b)) c.modified.add(pathKey(path));
      return;
    }
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const ft = fieldType(t, k);
      const child = [...path, `f:${k}`];
      if (absent(a[k]) && !absent(b[k])) {
        // A new entry: its fields, plus its own member path when it is a map entry or a granular map (as upstream).
        added(b[k], ft, child, c, !isDeclaredField(t, k) && !isLeafValue(b[k], ft));
        if (!isDeclaredField(t, k) && isLeafValue(b[k], ft)) c.added.add(pathKey(child));
        else if (isGranularMap(ft) && !isLeafValue(b[k], ft)) c.added.add(pathKey([...child, '.']));
      } else cmp(a[k], b[k], ft, child, c);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) return cmpList(a, b, t, path, c);
  if (isDeepStrictEqual(a, b)) return;
  if (isObj(a) || isObj(b) || Array.isArray(a) || Array.isArray(b)) {
    c.removed.add(pathKey(path));
    return added(b, t, path, c, false);
  }
  c.modified.add(pathKey(path));
}

function cmpList(a: unknown[], b: unknown[], t: TypeRef, path: string[], c: Comparison): void {
  const lt = listType(t);
  if (lt.type === 'atomic') {
    if (!isDeepStrictEqual(a, b)) c.modified.add(pathKey(path));
    return;
  }
  const it = itemType(t);
  const index = (items: unknown[]): Map<string, unknown> => {
    const m = new Map<string, unknown>();
    for (const i of items) {
      const el = itemElement(i, lt, it);
      if (el !== undefined && !m.has(el)) m.set(el, i);
    }
    return m;
  };
  const ai = index(a);
  const bi = index(b);
  for (const [el, item] of bi) {
    const p = [...path, el];
    if (!ai.has(el)) {
      if (lt.type === 'set') c.added.add(pathKey(p));
      else added(item, it, p, c, true);
    } else if (lt.type === 'map') cmp(ai.get(el), item, it, p, c);
  }
  for (const el of ai.keys()) if (!bi.has(el)) c.removed.add(pathKey([...path, el]));
}
