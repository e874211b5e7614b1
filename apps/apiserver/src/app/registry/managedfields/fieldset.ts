import { mergeKeyFor, PRIMITIVE_MERGE } from '../../http/patch/strategic-merge';

/**
 * Field sets for server-side apply (upstream structured-merge-diff, simplified). A path is a
 * list of FieldsV1 path elements: `f:<field>`, `k:{"name":"x"}` (list item by merge key),
 * `v:<json>` (set member) and `.` (the list item itself). A FieldSet holds leaf paths, each
 * encoded with `pathKey`. Associative lists use the strategic-merge keys (strategic-merge.ts).
 */
export type FieldPath = readonly string[];
export type FieldSet = Set<string>;

export const pathKey = (p: FieldPath): string => JSON.stringify(p);
export const parsePath = (k: string): string[] => JSON.parse(k) as string[];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** metadata fields a manager can own (the rest are system-set or identity). */
const OWNED_META = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

/**
 * The leaf field set of `obj` (an applied config or a full object). Skips apiVersion/kind,
 * metadata other than labels/annotations/finalizers/ownerReferences, and `status` unless
 * `withStatus`.
 */
export function fieldSetOf(obj: unknown, opts: { withStatus?: boolean } = {}): FieldSet {
  const out: FieldSet = new Set();
  if (!isObj(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || (k === 'status' && !opts.withStatus)) continue;
    if (k === 'metadata') {
      if (isObj(v)) for (const [mk, mv] of Object.entries(v)) if (OWNED_META.has(mk)) walk(mk, mv, ['f:metadata', `f:${mk}`], out);
      continue;
    }
    walk(k, v, [`f:${k}`], out);
  }
  return out;
}

function walk(field: string, v: unknown, path: string[], out: FieldSet): void {
  if (v === null || v === undefined) return;
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (!keys.length) out.add(pathKey(path));
    for (const k of keys) walk(k, v[k], [...path, `f:${k}`], out);
    return;
  }
  if (Array.isArray(v)) {
    const key = itemKeyOf(field, v);
    if (PRIMITIVE_MERGE.has(field)) for (const item of v) out.add(pathKey([...path, `v:${JSON.stringify(item)}`]));
    else if (key) {
      for (const item of v) {
        if (!isObj(item) || item[key] === undefined) continue;
        const p = [...path, `k:${JSON.stringify({ [key]: item[key] })}`];
        out.add(pathKey([...p, '.']));
        for (const [ik, iv] of Object.entries(item)) walk(ik, iv, [...p, `f:${ik}`], out);
      }
    } else out.add(pathKey(path)); // atomic list
    return;
  }
  out.add(pathKey(path));
}

function itemKeyOf(field: string, items: unknown[]): string | undefined {
  if (!items.length || !items.every(isObj)) return undefined;
  return mergeKeyFor(field, items);
}

/** Resolves one path element below `node`: the child value, or undefined. */
function step(node: unknown, el: string): unknown {
  if (el === '.') return node;
  if (el.startsWith('f:')) return isObj(node) ? node[el.slice(2)] : undefined;
  if (!Array.isArray(node)) return undefined;
  if (el.startsWith('k:')) {
    const want = JSON.parse(el.slice(2)) as Record<string, unknown>;
    return node.find((i) => isObj(i) && Object.entries(want).every(([k, v]) => i[k] === v));
  }
  if (el.startsWith('v:')) {
    const want = el.slice(2);
    return node.find((i) => JSON.stringify(i) === want);
  }
  return undefined;
}

/** The value at `path` in `obj` (undefined when absent). */
export function getPath(obj: unknown, path: FieldPath): unknown {
  let node = obj;
  for (const el of path) {
    node = step(node, el);
    if (node === undefined) return undefined;
  }
  return node;
}

/** Removes the value at `path` from `obj` in place (no-op when absent). */
export function removePath(obj: unknown, path: FieldPath): void {
  const p = path.at(-1) === '.' ? path.slice(0, -1) : path;
  const last = p.at(-1);
  if (last === undefined) return;
  const parent = getPath(obj, p.slice(0, -1));
  if (last.startsWith('f:')) {
    if (isObj(parent)) delete parent[last.slice(2)];
    return;
  }
  if (!Array.isArray(parent)) return;
  const target = step(parent, last);
  const idx = parent.indexOf(target);
  if (target !== undefined && idx >= 0) parent.splice(idx, 1);
}

/** Encodes a FieldSet as FieldsV1 JSON (`{"f:spec":{"f:replicas":{}}}`). */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const k of [...set].sort()) {
    let node = root;
    for (const el of parsePath(k)) node = (node[el] ??= {}) as Record<string, unknown>;
  }
  return root;
}

/** Decodes FieldsV1 JSON into a FieldSet (every childless node is a leaf). */
export function fromFieldsV1(f: unknown, prefix: string[] = [], out: FieldSet = new Set()): FieldSet {
  if (!isObj(f)) return out;
  for (const [el, child] of Object.entries(f)) {
    const p = [...prefix, el];
    if (isObj(child) && Object.keys(child).length) fromFieldsV1(child, p, out);
    else out.add(pathKey(p));
  }
  return out;
}
