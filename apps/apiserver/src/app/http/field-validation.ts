import type { ResourceInfo } from '@tskube/api-types';
import { BadRequestError } from '../errors/api-errors';
import { knownFields, unknownFieldsBelow } from '../openapi';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const COMMON = ['apiVersion', 'kind', 'metadata'];
/** Top-level fields per kind (beyond apiVersion/kind/metadata). */
const TOP_LEVEL: Record<string, string[]> = {
  Event: ['action', 'count', 'eventTime', 'firstTimestamp', 'involvedObject', 'lastTimestamp', 'message', 'reason', 'related', 'reportingComponent', 'reportingInstance', 'series', 'source', 'type'],
  Endpoints: ['subsets'],
  Binding: ['target'],
};
const META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** Parses `fieldValidation`; upstream's default for kubectl-less clients is Warn. */
export function parseFieldValidation(v: string | undefined): FieldValidation {
  if (v === undefined || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw new BadRequestError(`fieldValidation parameter unsupported: ${v}`);
}

/** Unknown fields of `obj` as upstream names them (`spec.foo`, `metadata.bar`), top level and metadata. */
export function unknownFields(kind: string, obj: Record<string, unknown>): string[] {
  const allowed = new Set([...COMMON, ...(TOP_LEVEL[kind] ?? ['spec', 'status'])]);
  const out: string[] = [];
  for (const k of Object.keys(obj)) if (!allowed.has(k)) out.push(k);
  const meta = obj['metadata'];
  if (meta && typeof meta === 'object') for (const k of Object.keys(meta)) if (!META_FIELDS.has(k)) out.push(`metadata.${k}`);
  return out;
}

/**
 * Applies the fieldValidation directive: Strict → 400 `strict decoding error: unknown field "x"`,
 * Warn → returns warning texts for the `Warning` header, Ignore → nothing.
 */
export function checkFields(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>, obj: Record<string, unknown>, mode: FieldValidation): string[] {
  if (mode === 'Ignore') return [];
  // The OpenAPI schemas know nested fields; fall back to top level + metadata without one.
  const root = knownFields(info);
  const unknown = root ? unknownFieldsBelow(root, obj) : unknownFields(info.kind, obj);
  if (!unknown.length) return [];
  const msgs = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict') throw new BadRequestError(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${msgs.join(', ')}`);
  return msgs;
}
