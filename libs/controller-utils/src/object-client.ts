import type { KubeObject, ResourceInfo } from '@tskube/api-types';

/**
 * The writes (and the one live read) controllers make, a structural subset of
 * `@tskube/client`'s `RestClient`, so controllers depend on this small interface and tests pass
 * a recording fake (`testing/fake-client.ts`) instead of a server.
 */
export interface ObjectClient {
  get<T extends KubeObject>(res: ResourceInfo, name: string, opts?: { namespace?: string }): Promise<T>;
  create<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { namespace?: string; subresource?: string; name?: string }): Promise<T>;
  update<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { subresource?: string }): Promise<T>;
  patch<T extends KubeObject>(res: ResourceInfo, name: string, patch: unknown, opts: { namespace?: string; subresource?: string; type: 'merge' | 'strategic' | 'json' | 'apply' }): Promise<T>;
  delete(res: ResourceInfo, name: string, opts?: { namespace?: string; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string } }): Promise<KubeObject>;
}

/**
 * The read side controllers use: a structural subset of `@tskube/client-cache`'s `Indexer`.
 * Objects are shared with the cache: never mutate them; `structuredClone` first.
 */
export interface Lister<T> {
  get(key: string): T | undefined;
  list(): T[];
  byIndex(indexName: string, value: string): T[];
}

/** The index every informer has: objects by `metadata.namespace`. */
export const NAMESPACE_INDEX = 'namespace';
