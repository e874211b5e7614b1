/**
 * A minimal protobuf writer for specs and the fuzz generators (the apiserver never encodes
 * protobuf replies). A message is a list of [field number, value]: strings, Buffers and nested
 * messages are length-delimited, numbers/bigints/booleans varints (negative numbers as 64-bit
 * two's complement, as Go's int64 does); `raw()` writes arbitrary bytes for malformed input.
 */

/** Bytes spliced into a message as they are (a hand-made tag, a broken length, ...). */
export interface RawBytes {
  raw: Buffer;
}
export type PbValue = string | number | bigint | boolean | Buffer | RawBytes | PbMsg;
export type PbMsg = Array<[number, PbValue]>;

/** The `k8s\0` prefix of Kubernetes protobuf bodies. */
export const K8S_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export const raw = (b: Buffer | number[]): RawBytes => ({ raw: Buffer.from(b) });

export function varint(n: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}

/** A field's tag: (field << 3) | wireType. */
export const tag = (field: number, wireType: number): Buffer => varint((BigInt(field) << 3n) | BigInt(wireType));

function isRaw(v: PbValue): v is RawBytes {
  return typeof v === 'object' && !Buffer.isBuffer(v) && !Array.isArray(v);
}

export function encodeMessage(m: PbMsg): Buffer {
  const parts: Buffer[] = [];
  for (const [field, v] of m) {
    if (isRaw(v)) {
      parts.push(v.raw);
    } else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') {
      parts.push(tag(field, 0), varint(typeof v === 'boolean' ? Number(v) : v));
    } else {
      const b = typeof v === 'string' ? Buffer.from(v) : Buffer.isBuffer(v) ? v : encodeMessage(v);
      parts.push(tag(field, 2), varint(b.length), b);
    }
  }
  return Buffer.concat(parts);
}

/** magic + runtime.Unknown {typeMeta{apiVersion, kind}, raw}: what kubectl's typed client sends. */
export function envelope(apiVersion: string, kind: string, obj: PbMsg | Buffer, extra: PbMsg = []): Buffer {
  const rawObj = Buffer.isBuffer(obj) ? obj : encodeMessage(obj);
  return Buffer.concat([K8S_MAGIC, encodeMessage([[1, [[1, apiVersion], [2, kind]]], [2, rawObj], ...extra])]);
}
