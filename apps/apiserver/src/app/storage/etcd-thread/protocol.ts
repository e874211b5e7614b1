/**
 * Messages between the apiserver's main thread and its etcd thread (etcd-worker.ts), which owns
 * the etcd3 client.
 *
 * The protocol speaks the storage's few operations, not etcd3's generic request objects, and
 * carries only plain strings and numbers: keys and values as strings (etcd's bytes decoded from
 * UTF-8 on the etcd thread, encoded there on the way in), revisions as numbers. Structured clone
 * copies such messages cheaply; etcd3's responses, by contrast, hold Buffers that are views of
 * 8 KiB pool chunks (cloning one copies the whole chunk into a new ArrayBuffer on the receiving
 * side) and headers of decimal strings, and walking them generically cost the HTTP thread time on
 * every write and watch event. Keys and values written by the apiserver are UTF-8 text (JSON),
 * so nothing is lost; a value that is not valid UTF-8 decodes with U+FFFD, as
 * `Buffer.toString('utf8')` did before on the main thread.
 */

/** One stored key-value: its key, value, and the revisions it was last modified and created at. */
export interface WireKV {
  key: string;
  value: string;
  mod: number;
  create: number;
}

/** Result of a conditional write: whether its compare held, and the store's revision after it. */
export interface TxnResult {
  succeeded: boolean;
  revision: number;
}

/**
 * A range read: `key` alone, or with `prefix` every key from `key` (inclusive) to the end of
 * `prefix`'s range; at `revision` (0: latest), at most `limit` keys (0: no limit), or only the
 * count.
 */
export interface RangeRequest {
  key: string;
  prefix?: string;
  limit?: number;
  revision?: number;
  countOnly?: boolean;
}

/** A range's answer: the store's revision, the keys read, whether more were in range, and the total in range. */
export interface RangeResult {
  revision: number;
  kvs: WireKV[];
  more: boolean;
  count: number;
}

/**
 * The kv calls the storage makes, with their request and response types. `put` and `del` are
 * transactions comparing the key's mod_revision with `ifMod` (0: the key must not exist, i.e.
 * create_revision == 0 — used for creates; `del` always names an existing revision).
 */
export interface KvCalls {
  put: [{ key: string; value: string; ifMod: number }, TxnResult];
  del: [{ key: string; ifMod: number }, TxnResult];
  range: [RangeRequest, RangeResult];
  compact: [{ revision: number }, null];
}
export type KvOp = keyof KvCalls;

/** One watch event: a put (kv is the new state) or a delete (kv.value empty; `prev` its last state, when etcd sent it). */
export interface WireWatchEvent {
  type: 'put' | 'delete';
  kv: WireKV;
  prev?: WireKV | undefined;
}

/** One watch response: the store's revision and its events (none: a progress notification up to `revision`). */
export interface WireWatchResponse {
  revision: number;
  events: WireWatchEvent[];
}

/** Main thread → etcd thread. */
export type ToEtcdThread =
  | { [Op in KvOp]: { t: 'kv'; id: number; op: Op; req: KvCalls[Op][0] } }[KvOp]
  | { t: 'watch'; id: number; prefix: string; startRevision: number; prevKv: boolean }
  | { t: 'cancel'; id: number }
  | { t: 'close' };

/** An error as it crosses the thread boundary: etcd3's class name and message. */
export interface WireError {
  name: string;
  message: string;
}

/** Etcd thread → main thread. */
export type FromEtcdThread =
  | { t: 'res'; id: number; res: KvCalls[KvOp][1] }
  | { t: 'err'; id: number; err: WireError }
  | { t: 'watching'; id: number }
  | { t: 'data'; id: number; res: WireWatchResponse }
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

/** The smallest key greater than every key starting with `prefix` (etcd's range_end for a prefix). */
export function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      b[i]!++;
      return b.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}
