/**
 * kubernetes-types marks server-populated fields (`uid`, `status`, `deletionTimestamp`, ...)
 * readonly; the registry is the one place that sets them, through this view.
 */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function w<T>(obj: T): Writable<T> {
  return obj;
}
