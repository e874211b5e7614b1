import type { Deployment, IntOrString, PodTemplateSpec, ReplicaSet } from '@tskube/api-types';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, so equal objects always hash and compare equal. */
export function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJSON(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Upstream `ComputeHash`: FNV-1a 32 of the template (plus `collisionCount` when set), printed
 * in decimal and each digit mapped through the vowel-free alphabet (`rand.SafeEncodeString`),
 * e.g. `5d8b9c7f6`. Stable across processes; not byte-identical to Go's (which hashes a spew dump).
 */
export function computeHash(template: Readonly<PodTemplateSpec> | undefined, collisionCount?: number): string {
  let h = 0x811c9dc5;
  const data = canonicalJSON(template ?? {}) + (collisionCount !== undefined ? String(collisionCount) : '');
  for (const byte of Buffer.from(data, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h >>> 0)].map((c) => SAFE_ALPHANUMS[c.charCodeAt(0) % SAFE_ALPHANUMS.length]).join('');
}

/** Template without the pod-template-hash label, for "is this RS the current template" checks. */
function stripHash(t: Readonly<PodTemplateSpec> | undefined): unknown {
  const c = structuredClone(t ?? {}) as PodTemplateSpec;
  if (c.metadata?.labels) {
    delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return c;
}

/**
 * Drops null values and empty objects/arrays, recursively: what Go's semantic equality sees
 * as "unset". A template written back by a client (e.g. `kubectl rollout undo`, which marshals
 * Go structs) carries `creationTimestamp: null` and `resources: {}` the stored RS lacks.
 */
export function pruneUnset(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(pruneUnset);
    return items.length ? items : undefined;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = x === null ? undefined : pruneUnset(x);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** Upstream `EqualIgnoreHash` (semantic: unset, null and empty compare equal). */
export function equalIgnoreHash(a: Readonly<PodTemplateSpec> | undefined, b: Readonly<PodTemplateSpec> | undefined): boolean {
  return canonicalJSON(pruneUnset(stripHash(a)) ?? {}) === canonicalJSON(pruneUnset(stripHash(b)) ?? {});
}

/** `25%` of `total` rounded up or down, or the integer itself (upstream `GetScaledValueFromIntOrPercent`). */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean, dflt: IntOrString): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) {
    const n = Number(x);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid value "${x}": must be an integer or percentage (e.g. '5%')`);
  }
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

/** `[maxSurge, maxUnavailable]` as numbers; never both 0 (upstream `ResolveFenceposts`). */
export function resolveFenceposts(d: Readonly<Deployment>): [number, number] {
  const replicas = d.spec?.replicas ?? 1;
  const ru = d.spec?.strategy?.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, replicas, true, '25%');
  let unavailable = scaledValue(ru?.maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxUnavailable(d: Readonly<Deployment>): number {
  if (d.spec?.strategy?.type === 'Recreate') return 0;
  const replicas = d.spec?.replicas ?? 1;
  return Math.min(resolveFenceposts(d)[1], replicas);
}

export function revisionOf(rs: Readonly<ReplicaSet>): number {
  return Number(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;
}

export const specReplicas = (rs: Readonly<ReplicaSet> | undefined): number => rs?.spec?.replicas ?? 0;
export const sumSpec = (rss: readonly Readonly<ReplicaSet>[]): number => rss.reduce((s, r) => s + specReplicas(r), 0);
export const sumStatus = (rss: readonly Readonly<ReplicaSet>[], f: 'replicas' | 'readyReplicas' | 'availableReplicas'): number => rss.reduce((s, r) => s + (r.status?.[f] ?? 0), 0);

/** Oldest first, by creationTimestamp then name (upstream `ReplicaSetsByCreationTimestamp`). */
export function byCreation(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

/**
 * Upstream `NewRSNewReplicas`: the size the new ReplicaSet may grow to now. Recreate: all of
 * `spec.replicas`. RollingUpdate: up to `replicas + maxSurge` pods in total across all RSs.
 */
export function newRSNewReplicas(d: Readonly<Deployment>, all: readonly Readonly<ReplicaSet>[], newRS: Readonly<ReplicaSet>): number {
  const replicas = d.spec?.replicas ?? 1;
  if (d.spec?.strategy?.type === 'Recreate') return replicas;
  const [surge] = resolveFenceposts(d);
  const current = sumSpec(all);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, replicas - specReplicas(newRS));
  return specReplicas(newRS) + up;
}
