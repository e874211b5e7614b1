import type { KubeObject } from '@tskube/api-types';

/**
 * The storage interface the registry is written against (upstream `storage.Interface`, cut
 * down). Keys look like `/registry/<resource>/<namespace>/<name>` (cluster-scoped:
 * `/registry/<resource>/<name>`); prefixes passed to list/watch end with `/`.
 *
 * resourceVersion contract: every stored object's `metadata.resourceVersion` is the decimal
 * revision of the write that produced it (etcd's mod_revision). A list's resourceVersion is
 * the store revision the list was read at; a watch from revision R yields exactly the events
 * with revision > R, in order. Revisions older than the compaction point fail with
 * {@link ExpiredError} (HTTP 410).
 */
export interface Storage {
  /** Creates `key`; throws KeyExistsError if present. Returns the stored object with its RV. */
  create(key: string, obj: KubeObject): Promise<KubeObject>;
  /** The current object, or undefined. */
  get(key: string): Promise<KubeObject | undefined>;
  /**
   * Optional: a possibly stale read from a watch cache (no round trip). Undefined means
   * "not known here" — callers that need the object then fall back to get().
   */
  getCached?(key: string): KubeObject | undefined;
  /** Objects under `prefix`, sorted by key, read at one revision (see ListOptions). */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /**
   * Read-modify-write with compare-and-swap, retried on concurrent writes: `tryUpdate` gets the
   * current object (undefined only when `ignoreNotFound`, which then creates) and returns the
   * new one; it may throw to abort (the error propagates). When the returned object is
   * unchanged nothing is written and the current object is returned.
   * Throws KeyNotFoundError if missing (unless ignoreNotFound) and PreconditionError when
   * `preconditions` do not match.
   */
  guaranteedUpdate(key: string, tryUpdate: (cur: KubeObject | undefined) => KubeObject | Promise<KubeObject>, opts?: UpdateOptions): Promise<KubeObject>;
  /** Deletes `key` (CAS on the revision read). Returns the last stored state. */
  delete(key: string, opts?: DeleteOptions): Promise<KubeObject>;
  /**
   * Streams changes under `prefix` after `resourceVersion` ("" or "0" = from now). Ends when
   * `signal` aborts. Throws ExpiredError (on the first `next()`) when the revision is compacted.
   */
  watch(prefix: string, opts: WatchOptions): AsyncIterable<StorageEvent>;
  /** The store's current revision. */
  currentRevision(): Promise<number>;
  /** Discards history up to `revision` (exclusive: `revision` itself stays readable). */
  compact(revision: number): Promise<void>;
  /** Resolves when the backend answers (readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Preconditions {
  uid?: string | undefined;
  resourceVersion?: string | undefined;
}

export interface ListOptions {
  /** Max items returned (0/undefined = all). Filtering happens before the limit counts. */
  limit?: number | undefined;
  /** Opaque token from a previous page's `continue`. */
  continue?: string | undefined;
  /** Only objects for which this returns true are returned. */
  predicate?: ((obj: KubeObject) => boolean) | undefined;
  /**
   * Upstream list semantics (see list-semantics.ts): unset = consistent (latest) read;
   * "0" = any state (the watch cache may answer); "N" with `resourceVersionMatch`
   * NotOlderThan = at least N; Exact (or legacy unset match with a `limit`) = exactly at N.
   * Backends read the latest state for everything but exact reads.
   */
  resourceVersion?: string | undefined;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact' | undefined;
}

export interface ListResult {
  items: KubeObject[];
  /** The revision the list was read at. */
  resourceVersion: string;
  /** Set when more items may follow. */
  continue?: string;
  remainingItemCount?: number;
}

export interface UpdateOptions {
  preconditions?: Preconditions | undefined;
  ignoreNotFound?: boolean | undefined;
  /**
   * The caller's own recent read of the key (upstream's cachedExistingObject): the first attempt
   * starts from it instead of a read, saving a round trip. It is handed to `tryUpdate` as is, so
   * it must be private to this call. If it turns out stale (the write's compare fails, or
   * preconditions/`tryUpdate` fail on it), the update starts over from a fresh read, so a stale
   * hint costs time, never correctness.
   */
  current?: KubeObject | undefined;
}

export interface DeleteOptions {
  preconditions?: Preconditions | undefined;
  /** Runs on the current object before deleting (CAS-protected); throw to refuse. */
  validateDeletion?: ((cur: KubeObject) => void) | undefined;
}

export interface WatchOptions {
  resourceVersion: string;
  signal: AbortSignal;
  /**
   * false: MODIFIED events may come without `prevObject` (saves decoding the previous state
   * when the caller keeps it anyway, as the watch cache does). Default true.
   */
  withPrevObject?: boolean | undefined;
}

/**
 * One change. DELETED carries the last state with resourceVersion = the deletion revision.
 * BOOKMARK is no change: its object carries only `metadata.resourceVersion` = `revision`, the
 * point the watch has reached (every change up to it was delivered). The watch cache sends
 * them periodically; the etcd backend turns etcd's progress notifications into them.
 */
export interface StorageEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  /** The storage key of the object (set by the backends; absent on BOOKMARK). */
  key?: string | undefined;
  object: KubeObject;
  /** The previous state for MODIFIED and DELETED (lets selector filtering emit DELETED when an object leaves a selector). */
  prevObject?: KubeObject | undefined;
  revision: number;
}
