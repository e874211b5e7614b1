import type { KubeObject } from '@tskube/api-types';

/**
 * The objects this apiserver is writing to etcd, by key with the exact text stored, so the
 * watch event of the write hands the watch cache that object instead of decoding the value it
 * carries again (a JSON.parse of every written object, on the one JavaScript thread).
 *
 * Contract: `take(key, value, rev)` returns an object only when `value` is exactly the encoding
 * this process last sent for `key` — decoding it would yield the same object — shaped as
 * decoding yields it (metadata keys in the stored order, resourceVersion `rev` last). Entries are
 * recorded before the write is sent, so a watch event that overtakes the write's reply still
 * finds it. Writers hand over the object with the write and never mutate it afterwards (the
 * store's contract for written objects); the watch cache then shares its nested values
 * read-only. Holds at most `cap` entries (oldest evicted first); a miss just decodes.
 */
export class RecentWrites {
  private readonly byKey = new Map<string, { value: string; obj: KubeObject }>();

  constructor(private readonly cap = 2048) {}

  /** Records that `value` (the encoding of `obj`, which has no resourceVersion in the store) is being written to `key`. */
  remember(key: string, value: string, obj: KubeObject): void {
    this.byKey.delete(key);
    this.byKey.set(key, { value, obj });
    if (this.byKey.size > this.cap) this.byKey.delete(this.byKey.keys().next().value!);
  }

  /** The object stored at `key` with `value` at revision `rev`, if this process wrote those bytes. */
  take(key: string, value: string, rev: number): KubeObject | undefined {
    const e = this.byKey.get(key);
    if (!e || e.value !== value) return undefined;
    const { resourceVersion: _, ...meta } = e.obj.metadata ?? {};
    return { ...e.obj, metadata: { ...meta, resourceVersion: String(rev) } };
  }

  get size(): number {
    return this.byKey.size;
  }
}
