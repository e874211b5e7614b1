/**
 * Objects shared between requests (the watch cache's copies) and their memoised JSON.
 *
 * Contract: an object passed to {@link shareObject} is never mutated again by anyone — the
 * watch cache hands the same instance to every list, watch and namespace lookup. Because it
 * cannot change, its JSON encoding is computed once ({@link encodeJSONBytes}, UTF-8 bytes) and
 * reused for every GET/LIST body and watch event that carries it (upstream caches serialised
 * objects the same way); a LIST body is then one Buffer.concat, with no re-serialisation,
 * string flattening or UTF-8 transcoding of megabytes per request. Objects not shared are
 * encoded afresh on every call (they may still change).
 *
 * Under tests (`NODE_ENV=test`, or after `freezeSharedObjects(true)`) shared objects are
 * deep-frozen, so an accidental mutation of a cached object throws a TypeError in strict-mode
 * code instead of silently corrupting what other clients see.
 */

const shared = new WeakSet<object>();
const encoded = new WeakMap<object, Buffer>();
let freeze = process.env['NODE_ENV'] === 'test';

/** Turns deep-freezing of shared objects on or off (default: on when NODE_ENV=test). */
export function freezeSharedObjects(on: boolean): void {
  freeze = on;
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const child of Object.values(v)) deepFreeze(child);
}

/** Marks `obj` as shared and read-only from now on (deep-frozen under tests); returns it. */
export function shareObject<T extends object>(obj: T): T {
  shared.add(obj);
  if (freeze) deepFreeze(obj);
  return obj;
}

/** True for objects marked by {@link shareObject}. */
export function isShared(obj: unknown): boolean {
  return typeof obj === 'object' && obj !== null && shared.has(obj);
}

/** `JSON.stringify(value)` as UTF-8 bytes, memoised for shared objects (identical output either way). */
export function encodeJSONBytes(value: unknown): Buffer {
  if (typeof value !== 'object' || value === null || !shared.has(value)) return Buffer.from(JSON.stringify(value) ?? 'null');
  let b = encoded.get(value);
  if (b === undefined) {
    b = Buffer.from(JSON.stringify(value));
    encoded.set(value, b);
  }
  return b;
}

const COMMA = Buffer.from(',');

/**
 * `JSON.stringify(list)` as UTF-8 bytes for an object holding an `items` array, built from the
 * memoised encodings of its items: byte-identical to JSON.stringify (same key order), but a
 * list of N cached objects costs one copy of their bytes instead of N serialisations.
 */
export function encodeListBytes(list: { items: readonly unknown[] }): Buffer {
  const parts: Buffer[] = [];
  let sep = '{';
  for (const [k, v] of Object.entries(list)) {
    if (v === undefined || typeof v === 'function') continue;
    if (k !== 'items') {
      parts.push(Buffer.from(`${sep}${JSON.stringify(k)}:${JSON.stringify(v)}`));
    } else {
      parts.push(Buffer.from(`${sep}"items":[`));
      (v as unknown[]).forEach((item, i) => {
        if (i) parts.push(COMMA);
        parts.push(encodeJSONBytes(item ?? null));
      });
      parts.push(Buffer.from(']'));
    }
    sep = ',';
  }
  parts.push(Buffer.from(sep === '{' ? '{}' : '}'));
  return Buffer.concat(parts);
}
