import type { ICompactionRequest, IRangeRequest, IRangeResponse, ITxnRequest, ITxnResponse, IWatchResponse } from 'etcd3';

/**
 * Messages between the apiserver's main thread and its etcd thread (etcd-worker.ts), which owns
 * the etcd3 client. Everything crosses by structured clone, so Buffers arrive as plain
 * Uint8Arrays: `reviveBuffers` turns them back into Buffers on the receiving side.
 */

/** The kv calls the storage makes, with their request and response types. */
export interface KvCalls {
  txn: [ITxnRequest, ITxnResponse];
  range: [IRangeRequest, IRangeResponse];
  compact: [ICompactionRequest, unknown];
}
export type KvOp = keyof KvCalls;

/** Main thread → etcd thread. */
export type ToEtcdThread =
  | { t: 'kv'; id: number; op: KvOp; req: KvCalls[KvOp][0] }
  | { t: 'watch'; id: number; prefix: string; startRevision: string; prevKv: boolean }
  | { t: 'cancel'; id: number }
  | { t: 'close' };

/** An error as it crosses the thread boundary: etcd3's class name and message. */
export interface WireError {
  name: string;
  message: string;
}

/** Etcd thread → main thread. */
export type FromEtcdThread =
  | { t: 'res'; id: number; res: unknown }
  | { t: 'err'; id: number; err: WireError }
  | { t: 'watching'; id: number }
  | { t: 'data'; id: number; res: IWatchResponse }
  | { t: 'watch-err'; id: number; err: WireError }
  | { t: 'closed' };

/** The etcd thread's start data: which cluster to dial. */
export interface EtcdThreadData {
  endpoints: string[];
  dialTimeoutMs: number;
}

/** An Error rebuilt from its wire form (same name and message, so callers' message checks still work). */
export function fromWireError(e: WireError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export function toWireError(err: unknown): WireError {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}

/**
 * Replaces, in place and recursively, every Uint8Array that is not a Buffer by a Buffer over the
 * same memory (no copy), and returns `value`. Plain objects and arrays are walked; other values
 * are left alone.
 */
export function reviveBuffers<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const rec = value as Record<string, unknown>;
    for (const k in rec) rec[k] = revive(rec[k]);
  }
  return value;
}

function revive(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return v !== null && typeof v === 'object' ? reviveBuffers(v) : v;
}

/**
 * Prepares a request for postMessage: replaces, in place and recursively, every Uint8Array by a
 * copy with its own exact-size ArrayBuffer and returns those buffers as the transfer list. A
 * Buffer is usually a slice of Node's shared 8 KiB pool, and structured clone copies a view's
 * whole ArrayBuffer, so posting it as is would copy the pool once per message; transferring the
 * exact copies moves them instead. The caller's Buffers themselves are not touched.
 */
export function transferableCopies(value: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (value === null || typeof value !== 'object') return out;
  const rec = value as Record<string, unknown>;
  for (const k in rec) {
    const v = rec[k];
    if (v instanceof Uint8Array) {
      const copy = new Uint8Array(v);
      rec[k] = copy;
      out.push(copy.buffer);
    } else transferableCopies(v, out);
  }
  return out;
}
