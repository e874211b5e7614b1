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

function walk(node: SchemaNode, value: unknown, path: string, out: string[]): void {
  const s = resolveSchema(node);
  if (s['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walk(s.items!, v, `${path}[${i}]`, out));
    return;
  }
  if (!isRecord(value)) return;
  if (s.properties) {
    for (const [k, v] of Object.entries(value)) {
      const child = s.properties[k];
      const p = path ? `${path}.${k}` : k;
      if (!child) out.push(p);
      else walk(child, v, p, out);
    }
  } else if (s.additionalProperties) {
    for (const [k, v] of Object.entries(value)) walk(s.additionalProperties, v, path ? `${path}.${k}` : k, out);
  }
}

/** Dotted paths of the fields in `obj` that the kind's schema does not know, in document order. */
export function findUnknownFields(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>, obj: unknown): string[] {
  const root = knownFields(info);
  if (!root) return [];
  const out: string[] = [];
  walk(root, obj, '', out);
  return out;
}
