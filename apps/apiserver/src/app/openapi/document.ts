/**
 * OpenAPI v3 documents, one per group/version of the catalog (`api/v1`, `apis/apps/v1`, ...),
 * generated from the schema registry. `components.schemas` holds every schema the paths
 * reference (transitively), so `kubectl explain pod.spec.containers` can walk `$ref`s.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, type ResourceInfo } from '@tskube/api-types';
import { resourcePaths, type PathItem } from './paths';
import { metaName, type SchemaNode } from './schemas/dsl';
import { referencedSchemas, schemaNameForKind, SCHEMAS } from './schemas/registry';

export interface OpenAPIDocument {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, SchemaNode> };
}

export interface BuiltDocument {
  /** Index key and URL suffix: `api/v1`, `apis/apps/v1`. */
  key: string;
  doc: OpenAPIDocument;
  /** Serialized document, served as is. */
  json: string;
  /** Hex SHA-512 of `json` (upstream kube-openapi's hash). */
  hash: string;
}

export const OPENAPI_VERSION = 'v1.32.0-tskube';

export function sha512Hex(s: string): string {
  return createHash('sha512').update(s).digest('hex');
}

/** The document for one group/version from its resources. */
export function buildGroupVersionDocument(resources: readonly ResourceInfo[]): OpenAPIDocument {
  const paths: Record<string, PathItem> = {};
  const roots = new Set<string>([metaName('Status'), metaName('DeleteOptions'), metaName('Patch')]);
  for (const r of resources) {
    Object.assign(paths, resourcePaths(r));
    const kinds = [{ group: r.group, version: r.version, kind: r.kind }, { group: r.group, version: r.version, kind: r.listKind },
      ...(r.subresources ?? []).map((s) => ({ group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind ?? r.kind }))];
    for (const k of kinds) {
      const name = schemaNameForKind(k);
      if (name) roots.add(name);
    }
  }
  const schemas: Record<string, SchemaNode> = {};
  for (const name of [...referencedSchemas(roots)].sort()) {
    const s = SCHEMAS[name];
    if (s) schemas[name] = s;
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: OPENAPI_VERSION }, paths, components: { schemas } };
}

/** One built document per group/version in `catalog` (default RESOURCES), in catalog order. */
export function buildDocuments(catalog: readonly ResourceInfo[] = Object.values(RESOURCES)): BuiltDocument[] {
  const byKey = new Map<string, ResourceInfo[]>();
  for (const r of catalog) {
    const key = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  return [...byKey].map(([key, rs]) => {
    const doc = buildGroupVersionDocument(rs);
    const json = JSON.stringify(doc);
    return { key, doc, json, hash: sha512Hex(json) };
  });
}
