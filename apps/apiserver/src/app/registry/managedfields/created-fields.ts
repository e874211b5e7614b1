import { resolveSchema } from '../../openapi/schemas/registry';
import type { SchemaNode } from '../../openapi/schemas/dsl';
import { ownable } from './fieldset';
import type { Scope } from './fieldset';
import { isAtomicMap, isObj, itemElement, itemType, listType, schemaOfObject } from './schema-types';
import type { ListType, TypeRef } from './schema-types';

/**
 * The create fast path of managedFields: the FieldsV1 an Update entry records when there is no
 * old object, built straight from the new object as a tree.
 *
 * Contract: `createdFieldsV1(obj, scope)` deep-equals, key order included, what the general path
 * produces for a create — `toFieldsV1` of the added and modified sets of
 * `compare(undefined, obj, { scope })`, which for an absent old object are exactly the object's own
 * field set (`walk`) plus the `.` members of its non-empty granular maps (`markMaps`). Siblings are
 * ordered by their JSON encoding, as sorting the JSON-encoded paths orders them. It returns
 * undefined when the object owns no field. The general path builds and sorts a string per path and
 * parses each back; this walks the object once (managedFields were ~12 % of the apiserver's CPU
 * per pod create). compare.spec/created-fields.spec check the equivalence on every kind's examples.
 */

type Tree = Map<string, Tree>;

/** Per schema node, what the walk asks about it (schemas are frozen, so this never goes stale). */
interface NodeInfo {
  untyped: boolean;
  props: Record<string, SchemaNode> | undefined;
  addl: SchemaNode | undefined;
  atomicMap: boolean;
  granular: boolean;
  list: ListType;
  item: TypeRef;
}

const infos = new WeakMap<SchemaNode, NodeInfo>();
const UNTYPED: NodeInfo = { untyped: true, props: undefined, addl: undefined, atomicMap: false, granular: false, list: { type: 'atomic', keys: [] }, item: undefined };

function infoOf(t: TypeRef): NodeInfo {
  if (!t) return UNTYPED;
  let i = infos.get(t);
  if (!i) {
    const r = resolveSchema(t);
    const untyped = r.type === 'array' ? !r.items : !r.properties && !r.additionalProperties;
    const atomicMap = isAtomicMap(t);
    i = { untyped, props: r.properties, addl: r.additionalProperties, atomicMap, granular: !atomicMap && !!r.additionalProperties && !r.properties, list: listType(t), item: itemType(t) };
    infos.set(t, i);
  }
  return i;
}

const child = (node: Tree, el: string): Tree => {
  let c = node.get(el);
  if (!c) node.set(el, (c = new Map<string, Tree>()));
  return c;
};

/** True for a value owned as one leaf (fieldset's isLeafValue, from the node info). */
function isLeaf(v: unknown, i: NodeInfo): boolean {
  if (Array.isArray(v)) return i.list.type === 'atomic';
  if (isObj(v)) return i.atomicMap || !Object.keys(v).length;
  return true;
}

/** Adds `v` (of type `t`) below `node`; false when nothing was added (e.g. an empty keyed list), so the caller drops the node. */
function fill(v: unknown, t: TypeRef, node: Tree): boolean {
  const i = infoOf(t);
  if (isObj(v)) {
    if (i.atomicMap) return true;
    let any = false;
    let keys = 0;
    for (const k of Object.keys(v)) {
      const value = v[k];
      if (value === undefined || value === null) continue;
      keys++;
      const declared = !i.untyped && !!i.props?.[k];
      const ft = i.untyped ? undefined : (i.props?.[k] ?? i.addl);
      const el = `f:${k}`;
      const existed = node.has(el); // a duplicate list-map item may have filled it already (the walk takes their union)
      const c = child(node, el);
      const present = fill(value, ft, c);
      const fi = infoOf(ft);
      // A map entry or a granular map with children is also owned as a node (its `.` member).
      const dot = !isLeaf(value, fi) && (!declared || fi.granular);
      if (dot) c.set('.', new Map<string, Tree>());
      if (present || dot) any = true;
      else if (!existed) node.delete(el);
    }
    return any || keys === 0;
  }
  if (Array.isArray(v)) {
    if (i.list.type === 'atomic') return true;
    let any = false;
    for (const item of v) {
      const el = itemElement(item, i.list, i.item);
      if (el === undefined) continue;
      const c = child(node, el);
      any = true;
      if (i.list.type === 'set') continue;
      fill(item, i.item, c);
      c.set('.', new Map<string, Tree>());
    }
    return any;
  }
  return true;
}

/**
 * True when `k` has no character JSON escapes (`"`, `\\`, controls, surrogates) and none sorting
 * below the closing quote: for two such keys their order equals their JSON encodings' order.
 */
function plain(k: string): boolean {
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c <= 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Orders two distinct keys as their JSON encodings order (the sorted-path order). */
const jsonOrder = (a: string, b: string): number => ((plain(a) && plain(b) ? a < b : JSON.stringify(a) < JSON.stringify(b)) ? -1 : 1);

/** The tree as FieldsV1 JSON with every node's keys ordered by their JSON encoding. */
function toJSON(node: Tree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...node.keys()];
  if (keys.length > 1) keys.sort(jsonOrder);
  for (const k of keys) out[k] = toJSON(node.get(k)!);
  return out;
}

/** Set by `build` when a list holds two items with the same element: their union needs the tree path. */
let duplicate = false;

/**
 * The FieldsV1 of `v` (of type `t`) built directly in output order, or undefined when it owns
 * nothing and is no `.` member (what `fill` returning false drops). `dot` puts the node's `.`
 * member first, where the JSON-encoding order puts it ('.' sorts below every `f:`, `k:`, `v:`).
 * Same result as fill + toJSON for every value whose lists have no duplicate elements, without a
 * Map per node or a second pass; a duplicate sets `duplicate` and the caller takes the tree path.
 */
function build(v: unknown, t: TypeRef, dot: boolean): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (dot) out['.'] = {};
  const i = infoOf(t);
  if (isObj(v)) {
    if (i.atomicMap) return out;
    const els: string[] = [];
    const keys: string[] = [];
    for (const k of Object.keys(v)) {
      const value = v[k];
      if (value === undefined || value === null) continue;
      keys.push(k);
      els.push(!i.untyped && i.props?.[k] ? declaredElement(k) : `f:${k}`);
    }
    if (!keys.length) return out;
    const order = sortedIndexes(els);
    let any = dot;
    for (const n of order) {
      const k = keys[n]!;
      const value = v[k];
      const ft = i.untyped ? undefined : (i.props?.[k] ?? i.addl);
      const fi = infoOf(ft);
      const declared = !i.untyped && !!i.props?.[k];
      const c = build(value, ft, !isLeaf(value, fi) && (!declared || fi.granular));
      if (c === undefined) continue;
      out[els[n]!] = c;
      any = true;
    }
    return any ? out : undefined;
  }
  if (Array.isArray(v)) {
    if (i.list.type === 'atomic') return out;
    const els: string[] = [];
    const items: unknown[] = [];
    for (const item of v) {
      const el = itemElement(item, i.list, i.item);
      if (el === undefined) continue;
      els.push(el);
      items.push(item);
    }
    if (!els.length) return dot ? out : undefined;
    const order = sortedIndexes(els);
    for (let n = 1; n < order.length; n++) if (els[order[n]!] === els[order[n - 1]!]) duplicate = true;
    for (const n of order) out[els[n]!] = i.list.type === 'set' ? {} : build(items[n], i.item, true);
    return out;
  }
  return out;
}

/**
 * `f:<name>` of the schemas' declared field names, one string per name (a finite set: the frozen
 * schemas' property names), so it is built, and internalised as an object key, once.
 */
const declaredElements = new Map<string, string>();
function declaredElement(k: string): string {
  let el = declaredElements.get(k);
  if (el === undefined) declaredElements.set(k, (el = `f:${k}`));
  return el;
}

/**
 * Indexes of `els` ordered by jsonOrder of their elements (equal elements adjacent): by the
 * strings themselves when every one is plain, else by their JSON encodings, each encoded once.
 */
function sortedIndexes(els: string[]): number[] {
  const n = els.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  if (n < 2) return order;
  let keys = els;
  for (const el of els) {
    if (plain(el)) continue;
    keys = els.map((e) => JSON.stringify(e));
    break;
  }
  if (n > 32) return order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  // An insertion sort (stable, as the tie-break above): an object's fields and a list's items are
  // few, and Array#sort's set-up and comparator calls cost more than the sort itself.
  for (let i = 1; i < n; i++) {
    const x = order[i]!;
    const k = keys[x]!;
    let j = i - 1;
    for (; j >= 0 && keys[order[j]!]! > k; j--) order[j + 1] = order[j]!;
    order[j + 1] = x;
  }
  return order;
}

/** FieldsV1 owned by creating `obj` (scope as compare's), or undefined when it owns nothing. */
export function createdFieldsV1(obj: unknown, scope: Scope = 'main'): Record<string, unknown> | undefined {
  const own = ownable(obj, scope);
  const schema = schemaOfObject(obj);
  duplicate = false;
  const direct = build(own, schema, false);
  if (!duplicate) {
    for (const _ in direct) return direct;
    return undefined;
  }
  const root: Tree = new Map();
  fill(own, schema, root);
  return root.size ? toJSON(root) : undefined;
}
