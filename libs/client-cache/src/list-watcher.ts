/** The list+watch pair a reflector drives (client-go `cache.ListerWatcher`). */
import type { KubeList, KubeObject, ResourceInfo, WatchEvent } from '@tskube/api-types';
import type { ListOptions, RestClient, WatchOptions } from '@tskube/client';

/**
 * Lists and watches one resource collection. `list` must return every page (a complete
 * snapshot with its resourceVersion); `watch` follows the RestClient.watch contract.
 */
export interface ListerWatcher<T extends KubeObject> {
  list(opts: ListOptions): Promise<KubeList<T>>;
  watch(opts: WatchOptions): AsyncIterable<WatchEvent<T>>;
}

/** Scope of an informer: namespace (unset = all) and selectors applied to list and watch. */
export interface ListWatchScope {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** A ListerWatcher over the RestClient, scoped by namespace/selectors (list pages via listAll). */
export function listWatcherFor<T extends KubeObject>(client: RestClient, res: ResourceInfo, opts: ListWatchScope = {}): ListerWatcher<T> {
  const scope: ListWatchScope = {};
  if (opts.namespace) scope.namespace = opts.namespace;
  if (opts.labelSelector) scope.labelSelector = opts.labelSelector;
  if (opts.fieldSelector) scope.fieldSelector = opts.fieldSelector;
  return {
    list: (o) => client.listAll<T>(res, { ...o, ...scope }),
    watch: (o) => client.watch<T>(res, { ...o, ...scope }),
  };
}
