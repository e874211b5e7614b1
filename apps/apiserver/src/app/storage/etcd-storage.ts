import type { KubeObject } from '@tskube/api-types';
import { checkPreconditions, decodeObject, encodeObject, parseRevision, withRevision } from './codec';
import { EtcdThreadClient } from './etcd-thread/etcd-thread-client';
import type { RangeResult, WireKV, WireWatchEvent, WireWatchResponse } from './etcd-thread/protocol';
import { decodeContinue, encodeContinue, keyAfter } from './continue-token';
import { EventChannel } from './event-channel';
import { ExpiredError, KeyExistsError, KeyNotFoundError, StorageError, TooLargeResourceVersionError } from './errors';
import { listSemantics } from './list-semantics';
import { RecentWrites } from './recent-writes';
import type { DeleteOptions, ListOptions, ListResult, Storage, StorageEvent, UpdateOptions, WatchOptions } from './types';

/** Page size used when a predicate filters items out and more must be fetched. */
const FETCH_PAGE = 500;

/** etcd reports compaction as a gRPC error message; map it to ExpiredError. */
function mapError(err: unknown, rev: number): unknown {
  const msg = err instanceof Error ? err.message : String(err);
  if (msg.includes('compacted')) return new ExpiredError(rev, 0);
  if (msg.includes('future revision')) return new TooLargeResourceVersionError(rev, 0);
  return err;
}

function kvObject(kv: WireKV): KubeObject {
  return decodeObject(kv.value, kv.mod);
}

/**
 * One etcd watch event as a StorageEvent (none for a delete whose history is lost). The
 * previous state is decoded only for deletes (it is the event's object) or when `withPrev`;
 * a put this process made comes from `recent` instead of being decoded again.
 */
function toStorageEvent(ev: WireWatchEvent, withPrev: boolean, recent: RecentWrites): StorageEvent[] {
  const { key, mod: rev } = ev.kv;
  if (ev.type === 'delete') {
    if (!ev.prev) return []; // history lost; nothing meaningful to send
    const last = kvObject(ev.prev);
    const object = withRevision(last, rev);
    return [{ type: 'DELETED', key, object, revision: rev, prevObject: withPrev ? last : undefined }];
  }
  const prevObject = withPrev && ev.prev ? kvObject(ev.prev) : undefined;
  return [{ type: ev.kv.create === rev ? 'ADDED' : 'MODIFIED', key, object: recent.take(key, ev.kv.value, rev) ?? kvObject(ev.kv), prevObject, revision: rev }];
}

/**
 * Storage on etcd v3 (what upstream uses): resourceVersion = mod_revision, every write is a
 * transaction comparing the key's mod_revision (create: create_revision == 0), lists read at
 * one revision (continue tokens carry it), watches start at revision + 1 with prev_kv.
 */
export class EtcdStorage implements Storage {
  private readonly client: EtcdThreadClient;
  private readonly recent = new RecentWrites();

  constructor(endpoints: string[]) {
    this.client = new EtcdThreadClient({ endpoints, dialTimeoutMs: 5000 });
  }

  async create(key: string, obj: KubeObject): Promise<KubeObject> {
    const value = encodeObject(obj);
    this.recent.remember(key, value, obj); // before sending: the watch event may overtake the reply
    const res = await this.client.kv('put', { key, value, ifMod: 0 });
    if (!res.succeeded) throw new KeyExistsError(key);
    return withRevision(obj, res.revision);
  }

  private async getKV(key: string): Promise<WireKV | undefined> {
    const res = await this.client.kv('range', { key });
    return res.kvs[0];
  }

  async get(key: string): Promise<KubeObject | undefined> {
    const kv = await this.getKV(key);
    return kv ? kvObject(kv) : undefined;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const cont = opts.continue ? decodeContinue(opts.continue) : undefined;
    const sem = listSemantics(opts);
    let rv = cont?.rv ?? (sem.kind === 'exact' ? sem.rv : 0);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const items: KubeObject[] = [];
    let start = prefix + (cont?.start ?? '');
    let lastKey: string | undefined;
    for (;;) {
      // Unlimited lists are read in pages too: one range over thousands of objects would pass gRPC's 4 MiB message cap.
      const want = limit ? (opts.predicate ? Math.max(limit - items.length, FETCH_PAGE) : limit - items.length) : FETCH_PAGE;
      let res: RangeResult;
      try {
        res = await this.client.kv('range', { key: start, prefix, limit: want, revision: rv });
      } catch (err) {
        throw mapError(err, rv);
      }
      if (!rv) rv = res.revision;
      if (sem.kind === 'notOlderThan' && sem.rv > rv) throw new TooLargeResourceVersionError(sem.rv, rv);
      let consumed = 0;
      for (const kv of res.kvs) {
        if (limit && items.length >= limit) break;
        consumed++;
        lastKey = kv.key;
        const obj = kvObject(kv);
        if (!opts.predicate || opts.predicate(obj)) items.push(obj);
      }
      const moreInRange = res.more || consumed < res.kvs.length;
      if (!moreInRange) return { items, resourceVersion: String(rv) };
      if (limit && items.length >= limit) {
        const out: ListResult = { items, resourceVersion: String(rv), continue: encodeContinue(rv, keyAfter(lastKey!).slice(prefix.length)) };
        if (!opts.predicate) out.remainingItemCount = res.count - consumed;
        return out;
      }
      start = keyAfter(lastKey!);
    }
  }

  async guaranteedUpdate(key: string, tryUpdate: (cur: KubeObject | undefined) => KubeObject | Promise<KubeObject>, opts: UpdateOptions = {}): Promise<KubeObject> {
    let hint = opts.current?.metadata?.resourceVersion ? opts.current : undefined;
    for (;;) {
      // From the caller's hint (unverified) or a fresh read; a failure on the hint retries from a read.
      const fromHint = hint;
      hint = undefined;
      const kv = fromHint ? undefined : await this.getKV(key);
      if (!fromHint && !kv && !opts.ignoreNotFound) throw new KeyNotFoundError(key);
      const cur = fromHint ?? (kv ? kvObject(kv) : undefined);
      const modRevision = fromHint ? Number(fromHint.metadata?.resourceVersion ?? '0') : (kv?.mod ?? 0); // 0: the key must not exist
      let next: KubeObject;
      try {
        if (cur) checkPreconditions(key, cur, opts.preconditions);
        next = await tryUpdate(cur);
      } catch (err) {
        if (fromHint) continue;
        throw err;
      }
      const value = encodeObject(next);
      if (cur && value === (kv ? kv.value : encodeObject(cur))) {
        if (fromHint) continue; // "no change" is only trustworthy against the current state
        return cur;
      }
      this.recent.remember(key, value, next);
      const res = await this.client.kv('put', { key, value, ifMod: modRevision });
      if (res.succeeded) return withRevision(next, res.revision);
    }
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<KubeObject> {
    for (;;) {
      const kv = await this.getKV(key);
      if (!kv) throw new KeyNotFoundError(key);
      const cur = kvObject(kv);
      checkPreconditions(key, cur, opts.preconditions);
      opts.validateDeletion?.(cur);
      const res = await this.client.kv('del', { key, ifMod: kv.mod });
      if (res.succeeded) return cur;
    }
  }

  watch(prefix: string, opts: WatchOptions): AsyncIterable<StorageEvent> {
    const ch = new EventChannel<StorageEvent>();
    this.startWatch(prefix, opts, ch).catch((err: unknown) => ch.fail(err));
    return ch;
  }

  private async startWatch(prefix: string, opts: WatchOptions, ch: EventChannel<StorageEvent>): Promise<void> {
    let from = parseRevision(opts.resourceVersion);
    const current = await this.currentRevision();
    if (!from) from = current;
    else if (from < current) {
      // Probe: a range at `from` fails when etcd has compacted past it.
      try {
        await this.client.kv('range', { key: prefix, prefix, revision: from, countOnly: true });
      } catch (err) {
        throw mapError(err, from);
      }
    }
    if (opts.signal.aborted) return ch.close();
    const watcher = await this.client.watch(prefix, from + 1, true, {
      data: (res: WireWatchResponse) => {
        // A response without events is a progress notification (etcd3's builder sets progress_notify):
        // every change up to header.revision has been delivered, so the caller may advance to it.
        if (!res.events.length) {
          const rev = res.revision;
          if (rev > from) ch.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(rev) } }, revision: rev });
          return;
        }
        for (const ev of res.events) for (const out of toStorageEvent(ev, opts.withPrevObject !== false, this.recent)) ch.push(out);
      },
      error: (err: Error) => ch.fail(/compact|canceled: $/.test(err.message) ? new ExpiredError(from, 0) : new StorageError(`etcd watch failed: ${err.message}`, { cause: err })),
    });
    const stop = (): void => {
      ch.close();
      watcher.cancel();
    };
    if (opts.signal.aborted) stop();
    else opts.signal.addEventListener('abort', stop, { once: true });
  }

  async currentRevision(): Promise<number> {
    const res = await this.client.kv('range', { key: '/registry/', countOnly: true });
    return res.revision;
  }

  async compact(revision: number): Promise<void> {
    await this.client.kv('compact', { revision });
  }

  async ping(): Promise<void> {
    await this.client.kv('range', { key: 'health', countOnly: true });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
