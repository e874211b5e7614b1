import { FieldSetError, fieldType, isAtomicMap, isObj, itemElement, itemType, listType, schemaOfObject } from './schema-types';
import type { ListType, TypeRef } from './schema-types';

/**
 * Merges an applied configuration into a live object as upstream's TypedValue.Merge: struct
 * fields and granular map entries merge recursively; atomic maps, atomic lists and scalars are
 * replaced; sets and list-maps merge item by item (by value / by all key fields). Order: items
 * shared by both follow the config's order, live-only items keep their place, new items are
 * inserted where the config has them. Inputs are not mutated. Nulls in the config are ignored.
 * Throws FieldSetError for duplicate keys in the config.
 */
export function typedMerge(live: unknown, config: unknown, t: TypeRef = schemaOfObject(config) ?? schemaOfObject(live)): unknown {
  if (config === undefined || config === null) return live === undefined ? undefined : structuredClone(live);
  if (isObj(config)) {
    if (isAtomicMap(t) || !isObj(live)) return isAtomicMap(t) ? structuredClone(config) : typedMerge({}, config, t);
    const out: Record<string, unknown> = structuredClone(live);
    for (const [k, v] of Object.entries(config)) {
      if (v === undefined || v === null) continue;
      out[k] = typedMerge(live[k], v, fieldType(t, k));
    }
    return out;
  }
  if (Array.isArray(config)) {
    const lt = listType(t);
    if (lt.type === 'atomic' || !Array.isArray(live)) return lt.type === 'atomic' ? structuredClone(config) : mergeItems([], config, lt, itemType(t));
    return mergeItems(live, config, lt, itemType(t));
  }
  return config;
}

function mergeItems(lhs: unknown[], rhs: unknown[], lt: ListType, it: TypeRef): unknown[] {
  // Items without a usable key (only possible on the live side) keep a unique identity.
  const lKeys = lhs.map((i, n) => itemElement(i, lt, it) ?? `#${n}`);
  const rKeys = rhs.map((i) => itemElement(i, lt, it) ?? '');
  const rByKey = new Map<string, number>();
  rKeys.forEach((k, n) => {
    if (rByKey.has(k)) throw new FieldSetError(`duplicate entries for key ${k === '' ? '(missing)' : k.slice(2)}`);
    rByKey.set(k, n);
  });
  const lByKey = new Map(lKeys.map((k, n) => [k, n] as const));
  const merged = new Set<string>();
  const out: unknown[] = [];
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    const lk = lKeys[l];
    if (lk !== undefined) {
      if (!rByKey.has(lk)) {
        out.push(structuredClone(lhs[l])); // live-only item stays where it was
        l++;
        continue;
      }
      if (merged.has(lk) || r >= rhs.length) {
        l++;
        continue;
      }
      // A shared item not yet reached: the config's items come first, in the config's order.
    }
    const k = rKeys[r]!;
    const li = lByKey.get(k);
    out.push(lt.type === 'set' ? structuredClone(rhs[r]) : typedMerge(li === undefined ? undefined : lhs[li], rhs[r], it));
    merged.add(k);
    r++;
  }
  return out;
}
