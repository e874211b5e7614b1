import { fieldType, isAtomicMap, isDeclaredField, isObj, itemElement, itemType, listType, requireElement, schemaOfObject } from './schema-types';
import type { TypeRef } from './schema-types';

/**
 * Field sets for server-side apply (upstream structured-merge-diff). A path is a list of FieldsV1
 * path elements: `f:<field>`, `k:{"containerPort":80,"protocol":"TCP"}` (list-map item by all
 * its keys), `v:<json>` (set member) and `.` (the node itself, when it also has children). A
 * FieldSet holds such paths encoded with `pathKey`. List and map semantics come from the kind's
 * schema (schema-types.ts).
 */
export type FieldPath = readonly string[];
export type FieldSet = Set<string>;

export const pathKey = (p: FieldPath): string => JSON.stringify(p);
export const parsePath = (k: string): string[] => JSON.parse(k) as string[];

/** Which part of an object a write may own: the main resource (all but status) or the status subresource. */
export type Scope = 'main' | 'status';

/** metadata fields a manager can own (the rest are system-set or identity, as upstream strips them). */
const OWNED_META = ['labels', 'annotations', 'finalizers', 'ownerReferences'];

/**
 * The ownable part of `obj`: no apiVersion/kind, metadata reduced to labels/annotations/
 * finalizers/ownerReferences; `status` only (scope status) or everything but status (scope main).
 */
export function ownable(obj: unknown, scope: Scope = 'main'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObj(obj)) return out;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (k === 'apiVersion' || k === 'kind' || v === undefined || v === null) continue;
    if (k === 'metadata') {
      if (!isObj(v)) continue;
      let meta: Record<string, unknown> | undefined;
      for (const mk of OWNED_META) if (v[mk] !== undefined && v[mk] !== null) (meta ??= {})[mk] = v[mk];
      if (meta) out[k] = meta;
    } else if ((k === 'status') === (scope === 'status')) out[k] = v;
  }
  return out;
}

/** Adds a node: a leaf as its own path, a node with children as its `.` member. */
function insertNode(out: FieldSet, path: FieldPath, hasChildren: boolean): void {
  out.add(pathKey(hasChildren ? [...path, '.'] : path));
}

/**
 * The field set of `obj` (an applied configuration or a full object) as upstream's ToFieldSet:
 * scalars, atomic lists and atomic maps are leaves; empty maps are leaves; map entries not
 * declared as struct fields are members; list-map items are `k:` members, set items `v:` leaves.
 * With `strict`, an item lacking a list-map key throws FieldSetError (apply); otherwise it is skipped.
 */
export function fieldSetOf(obj: unknown, opts: { scope?: Scope; strict?: boolean; schema?: TypeRef } = {}): FieldSet {
  const out: FieldSet = new Set();
  walk(ownable(obj, opts.scope), opts.schema ?? schemaOfObject(obj), [], out, !!opts.strict);
  return out;
}

/** Walks one value of type `t` at `path` into `out` (exported for compare, which adds new subtrees). */
export function walk(v: unknown, t: TypeRef, path: string[], out: FieldSet, strict: boolean): void {
  if (v === undefined || v === null) return;
  if (isObj(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined && v[k] !== null);
    if (isAtomicMap(t) || !keys.length) {
      if (path.length) out.add(pathKey(path));
      return;
    }
    for (const k of keys) {
      const child = [...path, `f:${k}`];
      const ft = fieldType(t, k);
      walk(v[k], ft, child, out, strict);
      if (!isDeclaredField(t, k)) insertNode(out, child, !isLeafValue(v[k], ft));
    }
    return;
  }
  if (Array.isArray(v)) {
    const lt = listType(t);
    if (lt.type === 'atomic') {
      out.add(pathKey(path));
      return;
    }
    const it = itemType(t);
    v.forEach((item, i) => {
      const el = strict ? requireElement(item, lt, it, pathString(path), i) : itemElement(item, lt, it);
      if (el === undefined) return;
      if (lt.type === 'set') return void out.add(pathKey([...path, el]));
      walk(item, it, [...path, el], out, strict);
      insertNode(out, [...path, el], true);
    });
    return;
  }
  out.add(pathKey(path));
}

/** True when the value is owned as one leaf (scalar, atomic list/map, empty object). */
export function isLeafValue(v: unknown, t: TypeRef): boolean {
  if (Array.isArray(v)) return listType(t).type === 'atomic';
  if (isObj(v)) return isAtomicMap(t) || !Object.keys(v).length;
  return true;
}

/** Renders a path as upstream prints it (`.spec.containers[name="x"].image`, `.metadata.finalizers[="a"]`). */
export function pathString(path: FieldPath): string {
  let s = '';
  for (const el of path) {
    if (el.startsWith('f:')) s += `.${el.slice(2)}`;
    else if (el.startsWith('k:')) s += `[${Object.entries(JSON.parse(el.slice(2)) as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    else if (el.startsWith('v:')) s += `[=${el.slice(2)}]`;
  }
  return s;
}

/** Resolves one path element below `node` of type `t`: the child value and its type. */
function step(node: unknown, t: TypeRef, el: string): { value: unknown; type: TypeRef; index?: number } {
  if (el === '.') return { value: node, type: t };
  if (el.startsWith('f:')) return { value: isObj(node) ? node[el.slice(2)] : undefined, type: fieldType(t, el.slice(2)) };
  if (!Array.isArray(node)) return { value: undefined, type: undefined };
  const lt = listType(t);
  const it = itemType(t);
  const index = node.findIndex((i) => itemElement(i, lt.type === 'atomic' ? { type: el.startsWith('v:') ? 'set' : 'map', keys: keysOf(el) } : lt, it) === el);
  return { value: index < 0 ? undefined : node[index], type: it, index };
}

const keysOf = (el: string): string[] => (el.startsWith('k:') ? Object.keys(JSON.parse(el.slice(2)) as object) : []);

/** The value at `path` in `obj` (undefined when absent); `t` defaults to the object's kind schema. */
export function getPath(obj: unknown, path: FieldPath, t: TypeRef = schemaOfObject(obj)): unknown {
  let node = obj;
  let type = t;
  for (const el of path) {
    ({ value: node, type } = step(node, type, el));
    if (node === undefined) return undefined;
  }
  return node;
}

/** Removes the value at `path` from `obj` in place (no-op when absent); a `.` path removes the node. */
export function removePath(obj: unknown, path: FieldPath, t: TypeRef = schemaOfObject(obj)): void {
  const p = path.at(-1) === '.' ? path.slice(0, -1) : path;
  const last = p.at(-1);
  if (last === undefined) return;
  let parent = obj;
  let type = t;
  for (const el of p.slice(0, -1)) {
    ({ value: parent, type } = step(parent, type, el));
    if (parent === undefined) return;
  }
  if (last.startsWith('f:')) {
    if (isObj(parent)) delete parent[last.slice(2)];
    return;
  }
  const { index } = step(parent, type, last);
  if (Array.isArray(parent) && index !== undefined && index >= 0) parent.splice(index, 1);
}

/** Encodes a FieldSet as FieldsV1 JSON (`{"f:spec":{"f:replicas":{}}}`), keys sorted. */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const k of [...set].sort()) {
    let node = root;
    for (const el of parsePath(k)) node = (node[el] ??= {}) as Record<string, unknown>;
  }
  return root;
}

/** Decodes FieldsV1 JSON into a FieldSet (every childless node is a path of the set). */
export function fromFieldsV1(f: unknown, prefix: string[] = [], out: FieldSet = new Set()): FieldSet {
  if (!isObj(f)) return out;
  for (const [el, child] of Object.entries(f)) {
    const p = [...prefix, el];
    if (isObj(child) && Object.keys(child).length) fromFieldsV1(child, p, out);
    else out.add(pathKey(p));
  }
  return out;
}

/** True when `k` is `prefix` or lies below it (both pathKeys). */
export function isUnder(k: string, prefix: string): boolean {
  return k === prefix || k.startsWith(prefix.slice(0, -1) + ',');
}
