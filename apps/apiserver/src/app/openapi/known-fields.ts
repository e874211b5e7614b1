/**
 * Field knowledge for strict field validation (fieldValidation=Strict|Warn), from the same
 * schemas the OpenAPI documents are generated from.
 *
 * Contract: `findUnknownFields` reports only fields that are certainly unknown. Objects the
 * registry does not describe field by field (`x-kubernetes-preserve-unknown-fields`, maps,
 * kinds without a schema) are accepted as they are. Paths use upstream's strict-decoding
 * notation: `spec.foo`, `spec.containers[0].imagePullPolcy`, `metadata.labels` is a map so
 * its keys are never reported.
 *
 * @example
 *   const unknown = findUnknownFields(RESOURCES.pods, body);
 *   // Strict: 400 `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"`
 *   // Warn:   one `Warning: 299 - "unknown field \"spec.foo\""` header per entry
 */
import type { ResourceInfo } from '@tskube/api-types';
import type { SchemaNode } from './schemas/dsl';
import { resolveSchema, schemaNameForKind, SCHEMAS } from './schemas/registry';

/**
 * The root schema of a resource's kind (refs unresolved; walk with `resolveSchema`), or
 * undefined when the registry has none. Pass a subresource's kind via `{group, version, kind}`.
 */
export function knownFields(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): SchemaNode | undefined {
  const name = schemaNameForKind(info);
  return name ? SCHEMAS[name] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The path to the value being walked, as segments (a field name or an item index), rendered only
 * for an unknown field: most bodies have none, and building every visited value's dotted path cost
 * about half of the walk.
 */
type Segments = (string | number)[];

/** `spec.containers[0].foo` from its segments (a name after a non-empty prefix gets a dot). */
function render(segs: Segments, last: string): string {
  let p = '';
  for (const s of segs) p = typeof s === 'number' ? `${p}[${s}]` : p ? `${p}.${s}` : s;
  return p ? `${p}.${last}` : last;
}

function walk(node: SchemaNode, value: unknown, segs: Segments, out: string[]): void {
  const s = resolveSchema(node);
  if (s['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(value)) {
    const items = s.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      segs.push(i);
      walk(items, value[i], segs, out);
      segs.pop();
    }
    return;
  }
  if (!isRecord(value)) return;
  const props = s.properties;
  const addl = s.additionalProperties;
  if (!props && !addl) return;
  for (const k of Object.keys(value)) {
    const child = props ? props[k] : addl;
    if (!child) {
      out.push(render(segs, k));
      continue;
    }
    segs.push(k);
    walk(child, value[k], segs, out);
    segs.pop();
  }
}

/** Dotted paths of the fields in `obj` that the kind's schema does not know, in document order. */
export function findUnknownFields(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>, obj: unknown): string[] {
  const root = knownFields(info);
  return root ? unknownFieldsBelow(root, obj) : [];
}

/** findUnknownFields below a root schema already looked up with {@link knownFields}. */
export function unknownFieldsBelow(root: SchemaNode, obj: unknown): string[] {
  const out: string[] = [];
  walk(root, obj, [], out);
  return out;
}
