import type { SchemaNode } from '../../openapi/schemas/dsl';
import { resolveSchema, SCHEMAS, schemaNameForKind } from '../../openapi/schemas/registry';

/**
 * Schema lookups for server-side apply (upstream structured-merge-diff's type model), read from
 * the project's per-kind OpenAPI schemas. A `TypeRef` of `undefined` means untyped: the shape is
 * deduced from the value as upstream does (objects are granular maps, arrays are atomic).
 */
export type TypeRef = SchemaNode | undefined;

/** How a list merges: atomic (replaced whole), set (scalars by value), map (items by key fields). */
export interface ListType {
  type: 'atomic' | 'set' | 'map';
  /** For `map`: the `x-kubernetes-list-map-keys` (or the patch merge key when only that is declared). */
  keys: string[];
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const kindCache = new Map<string, SchemaNode | undefined>();

/** The root schema of an object by its apiVersion/kind, undefined for kinds without one. */
export function schemaOfObject(obj: unknown): TypeRef {
  if (!isObj(obj) || typeof obj['apiVersion'] !== 'string' || typeof obj['kind'] !== 'string') return undefined;
  const apiVersion = obj['apiVersion'];
  const kind = obj['kind'];
  const key = `${apiVersion}/${kind}`;
  if (!kindCache.has(key)) {
    const slash = apiVersion.indexOf('/');
    const gvk = slash < 0 ? { group: '', version: apiVersion, kind } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
    const name = schemaNameForKind(gvk);
    kindCache.set(key, name ? SCHEMAS[name] : undefined);
  }
  return kindCache.get(key);
}

/** An extension read from the field node first (`{allOf:[$ref], x-...}`), then from its target. */
function ext<K extends keyof SchemaNode>(node: SchemaNode, k: K): SchemaNode[K] {
  return node[k] ?? resolveSchema(node)[k];
}

/** True when the node describes nothing we can type (no properties, items or element type). */
function untyped(node: SchemaNode): boolean {
  const r = resolveSchema(node);
  return r.type === 'array' ? !r.items : !r.properties && !r.additionalProperties;
}

/** The type of `field` below an object node: its declared property, else the map element type. */
export function fieldType(parent: TypeRef, field: string): TypeRef {
  if (!parent || untyped(parent)) return undefined;
  const r = resolveSchema(parent);
  return r.properties?.[field] ?? r.additionalProperties;
}

/** True when `field` is a declared struct field of `parent` (false for map entries and untyped). */
export function isDeclaredField(parent: TypeRef, field: string): boolean {
  return !!parent && !untyped(parent) && !!resolveSchema(parent).properties?.[field];
}

/** True for `x-kubernetes-map-type: atomic` maps/structs (replaced whole, owned as one leaf). */
export function isAtomicMap(t: TypeRef): boolean {
  return !!t && ext(t, 'x-kubernetes-map-type') === 'atomic';
}

/**
 * The list type of an array node. As upstream's schema conversion: an explicit
 * `x-kubernetes-list-type` wins; otherwise patch strategy `merge` with a merge key is a map keyed by
 * it, `merge` without a key is a set, anything else (and untyped) is atomic.
 */
export function listType(t: TypeRef): ListType {
  if (!t || untyped(t)) return { type: 'atomic', keys: [] };
  const lt = ext(t, 'x-kubernetes-list-type');
  if (lt === 'map') return { type: 'map', keys: ext(t, 'x-kubernetes-list-map-keys') ?? [ext(t, 'x-kubernetes-patch-merge-key') ?? 'name'] };
  if (lt) return { type: lt, keys: [] };
  const strategy = (ext(t, 'x-kubernetes-patch-strategy') ?? '').split(',');
  const mergeKey = ext(t, 'x-kubernetes-patch-merge-key');
  if (strategy.includes('merge')) return mergeKey ? { type: 'map', keys: [mergeKey] } : { type: 'set', keys: [] };
  return { type: 'atomic', keys: [] };
}

/** The item type of an array node. */
export function itemType(t: TypeRef): TypeRef {
  return t && !untyped(t) ? resolveSchema(t).items : undefined;
}

/** Error for values the schema cannot key (missing or duplicate list-map keys). */
export class FieldSetError extends Error {}

/**
 * The FieldsV1 path element of one list item: `v:<json>` for sets, `k:{...}` with every map key
 * (sorted by name, absent keys filled from the schema default as upstream) for maps; undefined
 * when an item lacks a key field without default.
 */
export function itemElement(item: unknown, lt: ListType, it: TypeRef): string | undefined {
  if (lt.type === 'set') return `v:${JSON.stringify(item)}`;
  if (lt.type !== 'map' || !isObj(item)) return undefined;
  const key: Record<string, unknown> = {};
  for (const k of lt.keys.length < 2 ? lt.keys : [...lt.keys].sort()) {
    let v = item[k];
    if (v === undefined || v === null) {
      const ft = fieldType(it, k); // the schema is only asked for an absent key's default
      v = ft ? ext(ft, 'default') : undefined;
    }
    if (v === undefined || v === null) return undefined;
    key[k] = v;
  }
  return `k:${JSON.stringify(key)}`;
}

/** The item element or a FieldSetError naming the missing key, as upstream words it. */
export function requireElement(item: unknown, lt: ListType, it: TypeRef, where: string, index: number): string {
  const el = itemElement(item, lt, it);
  if (el !== undefined) return el;
  if (!isObj(item)) throw new FieldSetError(`${where}: element ${index}: associative list with keys may not have non-map elements`);
  const missing = lt.keys.find((k) => item[k] === undefined || item[k] === null) ?? lt.keys[0];
  throw new FieldSetError(`${where}: element ${index}: associative list with keys has an element that omits key field "${missing}" (and doesn't have default value)`);
}

/**
 * A list's strategic-merge-patch strategy from the same schema (`x-kubernetes-patch-strategy` /
 * `x-kubernetes-patch-merge-key`): keyed merge, primitive set merge, or replace.
 */
export function patchStrategyOf(t: TypeRef): { mergeKey?: string; primitiveMerge: boolean } {
  if (!t) return { primitiveMerge: false };
  const strategy = (ext(t, 'x-kubernetes-patch-strategy') ?? '').split(',');
  const mergeKey = ext(t, 'x-kubernetes-patch-merge-key');
  if (!strategy.includes('merge')) return { primitiveMerge: false };
  return mergeKey ? { mergeKey, primitiveMerge: false } : { primitiveMerge: true };
}
