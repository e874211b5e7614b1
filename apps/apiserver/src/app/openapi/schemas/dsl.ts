/**
 * A small DSL for the project's OpenAPI v3 schemas (the subset of JSON Schema Kubernetes uses,
 * with its x-kubernetes-* extensions). References are written like upstream's v3 documents:
 * `{allOf: [{$ref}]}` so a field can carry its own description.
 */

export interface GVK { group: string; version: string; kind: string }

/** One schema node. `$ref` values are `#/components/schemas/<name>`. */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
  allOf?: SchemaNode[];
  $ref?: string;
  enum?: string[];
  /** Value the server defaults when the field is absent (server-side apply fills list-map keys with it). */
  default?: string | number | boolean;
  'x-kubernetes-group-version-kind'?: GVK[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

export type SchemaSet = Record<string, SchemaNode>;

export const REF_PREFIX = '#/components/schemas/';
export const metaName = (n: string): string => `io.k8s.apimachinery.pkg.apis.meta.v1.${n}`;
export const coreName = (n: string): string => `io.k8s.api.core.v1.${n}`;
export const groupName = (pkg: string, version: string, n: string): string => `io.k8s.api.${pkg}.${version}.${n}`;
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

function d(description: string | undefined): { description?: string } {
  return description ? { description } : {};
}

export const str = (desc?: string): SchemaNode => ({ type: 'string', ...d(desc) });
export const int = (desc?: string): SchemaNode => ({ type: 'integer', format: 'int32', ...d(desc) });
export const long = (desc?: string): SchemaNode => ({ type: 'integer', format: 'int64', ...d(desc) });
export const bool = (desc?: string): SchemaNode => ({ type: 'boolean', ...d(desc) });
export const num = (desc?: string): SchemaNode => ({ type: 'number', format: 'double', ...d(desc) });
export const time = (desc?: string): SchemaNode => ref(metaName('Time'), desc);
export const microTime = (desc?: string): SchemaNode => ref(metaName('MicroTime'), desc);
export const intOrString = (desc?: string): SchemaNode => ref(INT_OR_STRING, desc);

/** A reference to a named schema, with an optional field description. */
export function ref(name: string, desc?: string): SchemaNode {
  return { allOf: [{ $ref: `${REF_PREFIX}${name}` }], ...d(desc) };
}

export interface ListOpts {
  /** Strategic-merge key (`name`, `containerPort`, `type`, ...); implies patch strategy merge. */
  mergeKey?: string;
  /** Patch strategy without key (e.g. `merge` for primitive sets, `retainKeys`). */
  strategy?: string;
  listType?: 'atomic' | 'set' | 'map';
  mapKeys?: string[];
}

/** An array; `item` is a schema or the name of a schema to reference. */
export function arr(item: SchemaNode | string, desc?: string, o: ListOpts = {}): SchemaNode {
  const node: SchemaNode = { type: 'array', ...d(desc), items: typeof item === 'string' ? ref(item) : item };
  if (o.mergeKey) {
    node['x-kubernetes-patch-merge-key'] = o.mergeKey;
    node['x-kubernetes-patch-strategy'] = o.strategy ?? 'merge';
  } else if (o.strategy) {
    node['x-kubernetes-patch-strategy'] = o.strategy;
  }
  if (o.listType) node['x-kubernetes-list-type'] = o.listType;
  if (o.mapKeys) node['x-kubernetes-list-map-keys'] = o.mapKeys;
  return node;
}

export const strArr = (desc?: string, o?: ListOpts): SchemaNode => arr(str(), desc, o ?? { listType: 'atomic' });
export const strMap = (desc?: string): SchemaNode => ({ type: 'object', ...d(desc), additionalProperties: { type: 'string' } });
export const qtyMap = (desc?: string): SchemaNode => ({ type: 'object', ...d(desc), additionalProperties: ref(QUANTITY) });

/** An object whose fields are not described: accepted as is (strict validation stops here). */
export const opaque = (desc?: string): SchemaNode => ({ type: 'object', ...d(desc), 'x-kubernetes-preserve-unknown-fields': true });

/** A struct with known fields. */
export function obj(desc: string, properties: Record<string, SchemaNode>, required?: string[]): SchemaNode {
  return { type: 'object', description: desc, properties, ...(required?.length ? { required } : {}) };
}

/** A top-level kind: apiVersion, kind, metadata plus the given fields, tagged with its GVK. */
export function kind(gvk: GVK, desc: string, fields: Record<string, SchemaNode>, required?: string[]): SchemaNode {
  const node = obj(desc, {
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: ref(metaName('ObjectMeta'), 'Standard object\'s metadata.'),
    ...fields,
  }, required);
  node['x-kubernetes-group-version-kind'] = [{ group: gvk.group, kind: gvk.kind, version: gvk.version }];
  return node;
}

/** The `<Kind>List` schema of a kind. */
export function listKind(gvk: GVK, itemSchema: string): SchemaNode {
  const node = obj(`${gvk.kind}List is a list of ${gvk.kind} objects.`, {
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    items: arr(itemSchema, `List of ${gvk.kind} objects.`),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: ref(metaName('ListMeta'), 'Standard list metadata.'),
  }, ['items']);
  node['x-kubernetes-group-version-kind'] = [{ group: gvk.group, kind: `${gvk.kind}List`, version: gvk.version }];
  return node;
}
