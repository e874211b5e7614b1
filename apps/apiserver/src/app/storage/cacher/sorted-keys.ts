/**
 * The watch cache's keys, kept sorted (JavaScript string order, which equals etcd's byte
 * order for the ASCII keys the registry writes) so a LIST neither copies nor sorts the whole
 * key space: `range(prefix)` finds its slice by binary search.
 *
 * New keys are collected unsorted and merged into the sorted array by the next `range` (one
 * sort of the new keys plus one linear merge), so a burst of creates costs a Set insert each
 * instead of an array splice each (moving up to every key of the resource, per create); a LIST
 * that follows pays the merge once. Deletes of merged keys cost a binary search plus a splice;
 * updates of existing keys cost nothing.
 */
export class SortedKeys {
  private keys: string[] = [];
  /** Keys added since the last merge: not in `keys`. */
  private readonly pending = new Set<string>();

  get size(): number {
    return this.keys.length + this.pending.size;
  }

  /** Index of the first key >= `key` in the merged keys. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds `key` (no-op when present). */
  add(key: string): void {
    if (this.pending.has(key) || this.keys[this.lowerBound(key)] === key) return;
    this.pending.add(key);
  }

  /** Removes `key` (no-op when absent). */
  delete(key: string): void {
    if (this.pending.delete(key)) return;
    const i = this.lowerBound(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  /** Replaces the content with `keys` (any order, duplicates dropped). */
  reset(keys: Iterable<string>): void {
    this.pending.clear();
    this.keys = [...new Set(keys)].sort();
  }

  /** The sorted keys starting with `prefix` (a fresh array). Keys under a prefix are contiguous. */
  range(prefix: string): string[] {
    this.merge();
    const from = this.lowerBound(prefix);
    let lo = from;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]!.startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return this.keys.slice(from, lo);
  }

  /** Merges the pending keys into the sorted array. */
  private merge(): void {
    if (!this.pending.size) return;
    const add = [...this.pending].sort();
    this.pending.clear();
    const old = this.keys;
    const out = new Array<string>(old.length + add.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < old.length && j < add.length) out[n++] = old[i]! < add[j]! ? old[i++]! : add[j++]!;
    while (i < old.length) out[n++] = old[i++]!;
    while (j < add.length) out[n++] = add[j++]!;
    this.keys = out;
  }
}
