import { randomBytes, randomUUID } from 'node:crypto';
import { validateDNS1123Label, validateDNS1123Subdomain, validateLabelValue, validateQualifiedName } from '@tskube/api-types';
import type { KubeObject, ObjectMeta } from '@tskube/api-types';
import { fieldErr } from '../errors/field-errors';
import type { FieldError } from '../errors/field-errors';
import { w } from './mutable';

let memoSecond = NaN;
let memoText = '';

/** Upstream's `metav1.Time` wire format: RFC 3339, seconds precision, UTC (now + `offsetSeconds`). */
export function nowTimestamp(offsetSeconds = 0): string {
  // Formatted once per second (every write stamps at least one timestamp).
  const second = Math.floor(Date.now() / 1000) + offsetSeconds;
  if (second !== memoSecond) {
    memoText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    memoSecond = second;
  }
  return memoText;
}

/** `ts` (an RFC 3339 time as nowTimestamp writes it) moved by `seconds`, in the same format. */
export function addSeconds(ts: string, seconds: number): string {
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? ts : new Date(ms + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Upstream's markAsDeleting (generic Store, an object its finalizers keep): deletionTimestamp
 * now, or the recorded one if it is not later than now (a graceful deadline still in the future
 * is brought forward); deletionGracePeriodSeconds 0; and on the first deletion a tracked
 * `generation` is bumped (a deletion changes what controllers must do, as a spec change does).
 * Returns a copy with new top level and metadata; `obj` is not changed.
 */
export function markAsDeleting(obj: KubeObject): KubeObject {
  const m = obj.metadata ?? {};
  const now = nowTimestamp();
  const first = !m.deletionTimestamp;
  const at = !first && Date.parse(m.deletionTimestamp) <= Date.parse(now) ? m.deletionTimestamp : now;
  return { ...obj, metadata: { ...m, ...(first && m.generation ? { generation: m.generation + 1 } : {}), deletionTimestamp: at, deletionGracePeriodSeconds: 0 } };
}

/** Upstream's rest.BeforeDelete on a first graceful deletion: a tracked `generation` is bumped with the deletionTimestamp. Mutates `m`. */
export function bumpGenerationOnFirstDeletion(m: ObjectMeta): void {
  if (!m.deletionTimestamp && m.generation) w(m).generation = m.generation + 1;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789'; // upstream utilrand alphabet (no vowels, no confusables)

/** `generateName` + 5 random characters, truncated like upstream (base ≤ 58 chars). */
export function generateName(base: string): string {
  const bytes = randomBytes(5);
  let suffix = '';
  for (const b of bytes) suffix += NAME_CHARS[b % NAME_CHARS.length];
  return base.slice(0, 58) + suffix;
}

/** Sets the system fields of a new object (uid, creationTimestamp, generation, name from generateName). */
export function fillCreateMeta(obj: KubeObject, opts: { tracksGeneration: boolean }): void {
  const m = w<ObjectMeta>((obj.metadata ??= {}));
  if (!m.name && m.generateName) m.name = generateName(m.generateName);
  m.uid = randomUUID();
  m.creationTimestamp = nowTimestamp();
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  if (opts.tracksGeneration) m.generation = 1;
  else delete m.generation;
}

/**
 * Upstream's `omitempty` on every ObjectMeta field: an object is decoded into Go's ObjectMeta,
 * so a top-level metadata field that is null, `""`, `[]`, `{}` (or a `generation` of 0) is
 * neither stored nor served (`finalizers: []`, `labels: {}`, `ownerReferences: []`,
 * `generateName: ""` all vanish). Only `metadata` itself: lists and maps inside spec/status
 * keep their own per-field rules. `deletionGracePeriodSeconds: 0` stays (a pointer upstream).
 * Mutates `obj.metadata` in place.
 */
export function dropEmptyMeta(obj: KubeObject): void {
  const m = obj.metadata as Record<string, unknown> | undefined;
  if (!m) return;
  for (const k in m) {
    const v = m[k];
    if (v == null || v === '' || (k === 'generation' && v === 0) || (Array.isArray(v) ? !v.length : typeof v === 'object' && !hasOwnKey(v))) delete m[k];
  }
}

function hasOwnKey(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** Copies the fields clients may not change from the stored object onto an update. */
export function keepSystemMeta(obj: KubeObject, old: KubeObject): void {
  const m = w<ObjectMeta>((obj.metadata ??= {}));
  const o = old.metadata ?? {};
  for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'generateName'] as const) {
    if (o[f] === undefined) delete m[f];
    else (m as Record<string, unknown>)[f] = o[f];
  }
  delete m.selfLink;
}

function validateStringMap(field: string, map: Record<string, string> | undefined, values: boolean): FieldError[] {
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries(map ?? {})) {
    for (const msg of validateQualifiedName(values ? k : k.toLowerCase())) out.push(fieldErr.invalid(field, k, msg));
    if (values) for (const msg of validateLabelValue(v)) out.push(fieldErr.invalid(`${field}`, v, msg));
  }
  return out;
}

/** Upstream ValidateObjectMeta: name (or generateName) present and well-formed, namespace per scope, labels/annotation keys. */
export function validateObjectMeta(meta: ObjectMeta | undefined, opts: { namespaced: boolean; nameRule: 'label' | 'subdomain' }): FieldError[] {
  const out: FieldError[] = [];
  const m = meta ?? {};
  if (!m.name) out.push(fieldErr.required('metadata.name', 'name or generateName is required'));
  else for (const msg of (opts.nameRule === 'label' ? validateDNS1123Label : validateDNS1123Subdomain)(m.name)) out.push(fieldErr.invalid('metadata.name', m.name, msg));
  if (opts.namespaced && !m.namespace) out.push(fieldErr.required('metadata.namespace'));
  if (!opts.namespaced && m.namespace) out.push(fieldErr.forbidden('metadata.namespace', 'not allowed on this type'));
  out.push(...validateStringMap('metadata.labels', m.labels, true));
  out.push(...validateStringMap('metadata.annotations', m.annotations, false));
  return out;
}
