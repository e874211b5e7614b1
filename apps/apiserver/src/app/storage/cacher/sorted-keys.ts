/**
 * The watch cache's keys, kept sorted (JavaScript string order, which equals etcd's byte
 * order for the ASCII keys the registry writes) so a LIST neither copies nor sorts the whole
 * key space: `range(prefix)` finds its slice by binary search. Inserts and deletes cost one
 * binary search plus an array splice; updates of existing keys cost nothing.
 */
export class SortedKeys {
  private keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** Index of the first key >= `key`. */
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
    const i = this.lowerBound(key);
    if (this.keys[i] !== key) this.keys.splice(i, 0, key);
  }

  /** Removes `key` (no-op when absent). */
  delete(key: string): void {
    const i = this.lowerBound(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  /** Replaces the content with `keys` (any order, duplicates dropped). */
  reset(keys: Iterable<string>): void {
    this.keys = [...new Set(keys)].sort();
  }

  /** The sorted keys starting with `prefix` (a fresh array). Keys under a prefix are contiguous. */
  range(prefix: string): string[] {
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
}
