/**
 * The 30-byte `/openapi/v2` protobuf stub (kubectl-compat.md section 3): a gnostic
 * openapi_v2.Document with swagger "2.0", info {title "Kubernetes", version "v1.32.4"} and
 * empty paths. kubectl's client-side validation (always used for `kind: List` manifests)
 * fetches v2 as protobuf, finds no schemas and skips validation instead of failing on 404.
 */

/** Content-Type kubectl accepts (the `@v1.0` spelling of its Accept header fails Go's MIME parser). */
export const OPENAPI_V2_PROTOBUF_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function field(num: number, payload: Buffer): Buffer {
  // wire type 2 (length-delimited); all payloads here are < 128 bytes
  return Buffer.concat([Buffer.from([(num << 3) | 2, payload.length]), payload]);
}

/** 0a 03 "2.0" 12 15 (0a 0a "Kubernetes" 12 07 "v1.32.4") 42 00 */
export function openapiV2Stub(): Buffer {
  const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from('v1.32.4'))]);
  return Buffer.concat([field(1, Buffer.from('2.0')), field(2, info), field(8, Buffer.alloc(0))]);
}

/** JSON equivalent for clients that do not ask for protobuf. */
export const OPENAPI_V2_JSON = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths: {} };
