import { PbReader, PbWriter } from './pb';

/**
 * The etcd v3 KV messages EtcdStorage uses (etcdserverpb/rpc.proto, mvccpb/kv.proto), encoded
 * and decoded by hand: RangeRequest/Response, TxnRequest/Response with Compare and Put/Delete
 * operations, CompactionRequest. Field numbers are etcd's; unknown response fields are skipped.
 */

/** mvccpb.KeyValue (revisions as numbers). */
export interface KeyValue {
  key: Buffer;
  value: Buffer;
  create_revision: number;
  mod_revision: number;
  version: number;
}

export interface RangeRequest {
  key: Buffer;
  range_end?: Buffer | undefined;
  limit?: number | undefined;
  revision?: number | undefined;
  count_only?: boolean | undefined;
}

export interface RangeResponse {
  /** header.revision: the store's revision when the range was served. */
  revision: number;
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

/** A txn guard on one key: its create or mod revision equals `revision`. */
export interface Compare {
  key: Buffer;
  target: 'Create' | 'Mod';
  revision: number;
}

export type TxnOp = { put: { key: Buffer; value: Buffer } } | { deleteKey: Buffer };

export interface TxnRequest {
  compare: Compare[];
  success: TxnOp[];
  failure?: TxnOp[];
}

export interface TxnResponse {
  revision: number;
  succeeded: boolean;
}

const TARGET = { Create: 1, Mod: 2 } as const; // CompareTarget enum
const TARGET_FIELD = { Create: 5, Mod: 6 } as const; // Compare.create_revision / mod_revision

export function encodeRangeRequest(r: RangeRequest): Buffer {
  const w = new PbWriter().bytes(1, r.key);
  if (r.range_end) w.bytes(2, r.range_end);
  if (r.limit) w.uint(3, r.limit);
  if (r.revision) w.uint(4, r.revision);
  if (r.count_only) w.uint(9, true);
  return w.finish();
}

function encodeOp(op: TxnOp): Buffer {
  if ('put' in op) return new PbWriter().bytes(2, new PbWriter().bytes(1, op.put.key).bytes(2, op.put.value).finish()).finish();
  return new PbWriter().bytes(3, new PbWriter().bytes(1, op.deleteKey).finish()).finish();
}

export function encodeTxnRequest(t: TxnRequest): Buffer {
  const w = new PbWriter();
  // result EQUAL is enum 0 (proto3 default, not written); the revision is written even when 0 (a oneof member).
  for (const c of t.compare) w.bytes(1, new PbWriter().uint(2, TARGET[c.target]).bytes(3, c.key).uint(TARGET_FIELD[c.target], c.revision).finish());
  for (const op of t.success) w.bytes(2, encodeOp(op));
  for (const op of t.failure ?? []) w.bytes(3, encodeOp(op));
  return w.finish();
}

export function encodeCompactionRequest(revision: number, physical: boolean): Buffer {
  const w = new PbWriter().uint(1, revision);
  if (physical) w.uint(2, true);
  return w.finish();
}

/** ResponseHeader.revision. */
function headerRevision(b: Buffer): number {
  const r = new PbReader(b);
  let rev = 0;
  while (r.next()) {
    if (r.field === 3) rev = r.uint();
    else r.skip();
  }
  return rev;
}

function decodeKeyValue(b: Buffer): KeyValue {
  const r = new PbReader(b);
  const kv: KeyValue = { key: Buffer.alloc(0), value: Buffer.alloc(0), create_revision: 0, mod_revision: 0, version: 0 };
  while (r.next()) {
    if (r.field === 1) kv.key = r.bytes();
    else if (r.field === 2) kv.create_revision = r.uint();
    else if (r.field === 3) kv.mod_revision = r.uint();
    else if (r.field === 4) kv.version = r.uint();
    else if (r.field === 5) kv.value = r.bytes();
    else r.skip();
  }
  return kv;
}

export function decodeRangeResponse(b: Buffer): RangeResponse {
  const r = new PbReader(b);
  const out: RangeResponse = { revision: 0, kvs: [], more: false, count: 0 };
  while (r.next()) {
    if (r.field === 1) out.revision = headerRevision(r.bytes());
    else if (r.field === 2) out.kvs.push(decodeKeyValue(r.bytes()));
    else if (r.field === 3) out.more = r.bool();
    else if (r.field === 4) out.count = r.uint();
    else r.skip();
  }
  return out;
}

export function decodeTxnResponse(b: Buffer): TxnResponse {
  const r = new PbReader(b);
  const out: TxnResponse = { revision: 0, succeeded: false };
  while (r.next()) {
    if (r.field === 1) out.revision = headerRevision(r.bytes());
    else if (r.field === 2) out.succeeded = r.bool();
    else r.skip();
  }
  return out;
}
