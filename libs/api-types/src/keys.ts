/**
 * Object keys as client-go's `MetaNamespaceKeyFunc`: `"<namespace>/<name>"` for namespaced
 * objects, `"<name>"` for cluster-scoped ones. Keys are what work queues carry.
 */
import type { KubeObject } from './types';

/**
 * Key of an object: `ns/name`, or `name` when it has no namespace.
 * @throws Error when the object has no metadata.name.
 * @example objectKey({ metadata: { namespace: 'default', name: 'web' } }) // 'default/web'
 */
export function objectKey(obj: Readonly<KubeObject>): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name; cannot compute its key');
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/** Alias of {@link objectKey} under client-go's name. */
export const metaNamespaceKey = objectKey;

/** Key from parts: `ns/name`, or `name` when namespace is empty/undefined. */
export function joinKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * Splits a key back into namespace and name (`'a/b'` → {namespace:'a', name:'b'}, `'b'` → {name:'b'}).
 * @throws Error for keys with more than one '/' or an empty name.
 */
export function splitKey(key: string): { namespace?: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1 && parts[0]) return { name: parts[0] };
  if (parts.length === 2 && parts[1]) return parts[0] ? { namespace: parts[0], name: parts[1] } : { name: parts[1] };
  throw new Error(`unexpected key format: "${key}"`);
}
