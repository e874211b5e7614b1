/**
 * OpenAPI v3 (generated from the project's schema registry) and the v2 protobuf stub, plus the
 * field knowledge strict field validation reuses (`knownFields`, `findUnknownFields`).
 */
export { openapiRouter, type OpenAPIRouterOptions } from './router';
export { buildDocuments, buildGroupVersionDocument, type BuiltDocument, type OpenAPIDocument } from './document';
export { knownFields, findUnknownFields, unknownFieldsBelow } from './known-fields';
export { resolveSchema, schemaNameForKind, SCHEMAS } from './schemas/registry';
export type { SchemaNode, GVK } from './schemas/dsl';
export { openapiV2Stub, OPENAPI_V2_PROTOBUF_TYPE } from './v2-stub';
