import type { KubeObject } from '@tskube/api-types';
import { checkPreconditions, decodeObject, encodeObject, parseRevision } from './codec';
import { decodeContinue, encodeContinue, keyAfter } from './continue-token';
import { EventChannel } from './event-channel';
import { ExpiredError, KeyExistsError, KeyNotFoundError, TooLargeResourceVersionError } from './errors';
import { listSemantics } from './list-semantics';
import type { DeleteOptions, ListOptions, ListResult, Storage, StorageEvent, UpdateOptions, WatchOptions } from './types';

interface Current {
  value: string;
  modRev: number;
}

/** One write in the revision log (kine's idea): the new value (undefined = deleted) and the one it replaced. */
interface LogEntry {
  rev: number;
  key: string;
  value: string | undefined;
  prev: Current | undefined;
}

/**
 * In-memory Storage following kine: an append-only revision log plus the latest value per
 * key. Snapshot reads at an older revision undo the log backwards; watches replay the log
 * after their start revision and then follow live writes. Used by unit tests and
 * `--storage-backend=memory`. The log auto-compacts to the last `historyLimit` writes.
 */
export class MemoryStorage implements Storage {
  private readonly current = new Map<string, Current>();
  private log: LogEntry[] = [];
  private rev = 1; // etcd starts at revision 1 too
  private compactRev = 0;
  private readonly watchers = new Set<{ prefix: string; ch: EventChannel<StorageEvent> }>();

  constructor(private readonly opts: { historyLimit?: number } = {}) {}

  private append(key: string, value: string | undefined): number {
    const rev = ++this.rev;
    const prev = this.current.get(key);
    const entry: LogEntry = { rev, key, value, prev };
    if (value === undefined) this.current.delete(key);
    else this.current.set(key, { value, modRev: rev });
    this.log.push(entry);
    const limit = this.opts.historyLimit ?? 10000;
    if (this.log.length > 2 * limit) this.compactSync(this.log[this.log.length - limit]!.rev);
    for (const w of this.watchers) if (key.startsWith(w.prefix)) w.ch.push(toEvent(entry));
    return rev;
  }

  create(key: string, obj: KubeObject): Promise<KubeObject> {
    if (this.current.has(key)) return Promise.reject(new KeyExistsError(key));
    const value = encodeObject(obj);
    return Promise.resolve(decodeObject(value, this.append(key, value)));
  }

  get(key: string): Promise<KubeObject | undefined> {
    const c = this.current.get(key);
    return Promise.resolve(c ? decodeObject(c.value, c.modRev) : undefined);
  }

  list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    try {
      return Promise.resolve(this.listSync(prefix, opts));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private listSync(prefix: string, opts: ListOptions): ListResult {
    const cont = opts.continue ? decodeContinue(opts.continue) : undefined;
    const sem = listSemantics(opts);
    if (sem.kind === 'notOlderThan' && sem.rv > this.rev) throw new TooLargeResourceVersionError(sem.rv, this.rev);
    if (sem.kind === 'exact' && sem.rv > this.rev) throw new TooLargeResourceVersionError(sem.rv, this.rev);
    const rv = cont ? cont.rv : sem.kind === 'exact' ? sem.rv : this.rev;
    const snap = this.snapshot(prefix, rv);
    const start = prefix + (cont?.start ?? '');
    const keys = [...snap.keys()].filter((k) => k >= start).sort();
    const items: KubeObject[] = [];
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    let i = 0;
    for (; i < keys.length && items.length < limit; i++) {
      const c = snap.get(keys[i]!)!;
      const obj = decodeObject(c.value, c.modRev);
      if (!opts.predicate || opts.predicate(obj)) items.push(obj);
    }
    const res: ListResult = { items, resourceVersion: String(rv) };
    if (i < keys.length) {
      res.continue = encodeContinue(rv, keyAfter(keys[i - 1]!).slice(prefix.length));
      if (!opts.predicate) res.remainingItemCount = keys.length - i;
    }
    return res;
  }

  /** Key → value under `prefix` as of revision `rv`. */
  private snapshot(prefix: string, rv: number): Map<string, Current> {
    if (rv < this.compactRev) throw new ExpiredError(rv, this.compactRev);
    const snap = new Map<string, Current>();
    for (const [k, v] of this.current) if (k.startsWith(prefix)) snap.set(k, v);
    for (let i = this.log.length - 1; i >= 0 && this.log[i]!.rev > rv; i--) {
      const e = this.log[i]!;
      if (!e.key.startsWith(prefix)) continue;
      if (e.prev) snap.set(e.key, e.prev);
      else snap.delete(e.key);
    }
    return snap;
  }

  async guaranteedUpdate(key: string, tryUpdate: (cur: KubeObject | undefined) => KubeObject | Promise<KubeObject>, opts: UpdateOptions = {}): Promise<KubeObject> {
    for (;;) {
      const c = this.current.get(key);
      if (!c && !opts.ignoreNotFound) throw new KeyNotFoundError(key);
      const cur = c ? decodeObject(c.value, c.modRev) : undefined;
      if (cur) checkPreconditions(key, cur, opts.preconditions);
      const next = await tryUpdate(cur);
      if (this.current.get(key)?.modRev !== c?.modRev) continue; // lost the race: retry on fresh state
      const value = encodeObject(next);
      if (c && value === c.value) return cur!;
      return decodeObject(value, this.append(key, value));
    }
  }

  delete(key: string, opts: DeleteOptions = {}): Promise<KubeObject> {
    const c = this.current.get(key);
    if (!c) return Promise.reject(new KeyNotFoundError(key));
    const cur = decodeObject(c.value, c.modRev);
    try {
      checkPreconditions(key, cur, opts.preconditions);
      opts.validateDeletion?.(cur);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.append(key, undefined);
    return Promise.resolve(cur);
  }

  watch(prefix: string, opts: WatchOptions): AsyncIterable<StorageEvent> {
    const ch = new EventChannel<StorageEvent>();
    let from: number;
    try {
      from = parseRevision(opts.resourceVersion) || this.rev;
      if (from + 1 < this.compactRev) throw new ExpiredError(from, this.compactRev);
    } catch (err) {
      ch.fail(err);
      return ch;
    }
    // Replay then subscribe in one synchronous step: no write can slip in between.
    for (const e of this.log) if (e.rev > from && e.key.startsWith(prefix)) ch.push(toEvent(e));
    const w = { prefix, ch };
    this.watchers.add(w);
    const stop = (): void => {
      this.watchers.delete(w);
      ch.close();
    };
    if (opts.signal.aborted) stop();
    else opts.signal.addEventListener('abort', stop, { once: true });
    return ch;
  }

  currentRevision(): Promise<number> {
    return Promise.resolve(this.rev);
  }

  compact(revision: number): Promise<void> {
    this.compactSync(revision);
    return Promise.resolve();
  }

  private compactSync(revision: number): void {
    if (revision <= this.compactRev) return;
    this.compactRev = Math.min(revision, this.rev);
    this.log = this.log.filter((e) => e.rev >= this.compactRev);
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    for (const w of this.watchers) w.ch.close();
    this.watchers.clear();
    return Promise.resolve();
  }
}

function toEvent(e: LogEntry): StorageEvent {
  const prevObject = e.prev ? decodeObject(e.prev.value, e.prev.modRev) : undefined;
  if (e.value === undefined) return { type: 'DELETED', key: e.key, object: decodeObject(e.prev!.value, e.rev), prevObject, revision: e.rev };
  return { type: e.prev ? 'MODIFIED' : 'ADDED', key: e.key, object: decodeObject(e.value, e.rev), prevObject, revision: e.rev };
}
