import { fieldType, itemType, patchStrategyOf, schemaOfObject } from '../../registry/managedfields/schema-types';
import type { TypeRef } from '../../registry/managedfields/schema-types';
import { isObject } from './merge-patch';

/**
 * Strategic merge patch (kubectl's default patch type). The patch strategy of each list comes
 * from the kind's schema (`x-kubernetes-patch-strategy` / `-merge-key`, the same schemas server-side
 * apply and OpenAPI use); below fields the schema does not describe (or for kinds without one)
 * it falls back to the field-name table below, which mirrors the upstream struct tags. Supported: maps merge and `null` deletes; keyed lists merge by key (`$patch: delete`
 * items remove, `$patch: replace` replaces); `$setElementOrder/<f>` orders the result;
 * `$retainKeys` prunes a map; `$deleteFromPrimitiveList/<f>` and primitive merge lists
 * (finalizers). Lists without a strategy are replaced. Extend MERGE_KEYS as kinds are added.
 */
const MERGE_KEYS: Record<string, string | ((items: unknown[]) => string)> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
  addresses: 'type',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  // container ports merge on containerPort, service ports on port
  ports: (items) => (items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port'),
};

/** Primitive lists merged as sets. */
export const PRIMITIVE_MERGE = new Set(['finalizers']);

export function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  const k = MERGE_KEYS[field];
  return typeof k === 'function' ? k(items) : k;
}

/** The list strategy of `field`: from its schema when typed, else from the name table. */
function strategyFor(field: string, t: TypeRef, items: unknown[]): { key?: string | undefined; primitive: boolean } {
  if (t) {
    const s = patchStrategyOf(t);
    return { key: s.mergeKey, primitive: s.primitiveMerge };
  }
  return { key: mergeKeyFor(field, items), primitive: PRIMITIVE_MERGE.has(field) };
}

function mergeList(field: string, orig: unknown, patch: unknown[], t: TypeRef): unknown[] {
  const base: unknown[] = Array.isArray(orig) ? (orig as unknown[]) : [];
  const { key, primitive } = strategyFor(field, t, [...base, ...patch]);
  if (primitive) return [...base, ...patch.filter((v) => !base.includes(v))];
  if (!key) return patch.filter((i) => !(isObject(i) && '$patch' in i));
  if (patch.some((i) => isObject(i) && i['$patch'] === 'replace')) return patch.filter((i) => !(isObject(i) && i['$patch'] === 'replace'));
  const it = itemType(t);
  const out = base.map((i) => structuredClone(i));
  for (const item of patch) {
    if (!isObject(item)) continue;
    const idx = out.findIndex((o) => isObject(o) && o[key] === item[key]);
    if (item['$patch'] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = smp(out[idx], item, it);
    else out.push(smp({}, item, it));
  }
  return out;
}

function order(list: unknown[], orderSpec: unknown[], key: string | undefined): unknown[] {
  const id = (v: unknown): unknown => (key && isObject(v) ? v[key] : v);
  const pos = (v: unknown): number => {
    const i = orderSpec.findIndex((o) => id(o) === id(v));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...list].sort((a, b) => pos(a) - pos(b));
}

/** Applies a strategic merge patch to `orig` (not mutated), typed by `orig`'s (or the patch's) kind schema. */
export function strategicMerge(orig: unknown, patch: unknown): unknown {
  return smp(orig, patch, schemaOfObject(orig) ?? schemaOfObject(patch));
}

function smp(orig: unknown, patch: unknown, t: TypeRef): unknown {
  if (!isObject(patch)) return patch;
  if (patch['$patch'] === 'replace') {
    const { $patch: _drop, ...rest } = patch;
    return rest;
  }
  if (patch['$patch'] === 'delete') return undefined;
  const out: Record<string, unknown> = isObject(orig) ? { ...orig } : {};
  const orders: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      if (Array.isArray(v)) orders[k.slice('$setElementOrder/'.length)] = v;
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f]) && Array.isArray(v)) out[f] = (out[f] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(k, out[k], v, fieldType(t, k));
    else if (isObject(v)) {
      const merged = smp(out[k], v, fieldType(t, k));
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  for (const [f, spec] of Object.entries(orders)) if (Array.isArray(out[f])) out[f] = order(out[f] as unknown[], spec, strategyFor(f, fieldType(t, f), out[f] as unknown[]).key);
  const retain = patch['$retainKeys'];
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}
