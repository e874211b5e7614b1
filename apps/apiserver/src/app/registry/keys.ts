import { RESOURCES } from '@tskube/api-types';
import type { ResourceInfo } from '@tskube/api-types';

/** The namespaces resource (namespace existence checks). */
export const RESOURCE_NAMESPACES: ResourceInfo = RESOURCES.namespaces;

/**
 * etcd key layout: `/registry/<resource>/<namespace>/<name>` for namespaced kinds,
 * `/registry/<resource>/<name>` for cluster-scoped ones (group-qualified for non-core groups
 * would be needed only if two groups ever shared a plural; none do here).
 */
export function objectKey(info: Pick<ResourceInfo, 'resource' | 'namespaced'>, namespace: string | undefined, name: string): string {
  return info.namespaced ? `/registry/${info.resource}/${namespace ?? ''}/${name}` : `/registry/${info.resource}/${name}`;
}

/** Prefix of a collection: one namespace, or all of them when `namespace` is unset. */
export function collectionPrefix(info: Pick<ResourceInfo, 'resource' | 'namespaced'>, namespace: string | undefined): string {
  return info.namespaced && namespace ? `/registry/${info.resource}/${namespace}/` : `/registry/${info.resource}/`;
}
