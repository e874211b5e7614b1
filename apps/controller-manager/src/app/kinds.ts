import { findResource } from '@tskube/api-types';
import type { ResourceInfo } from '@tskube/api-types';

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const STATUS = { name: 'status', verbs: ['get', 'patch', 'update'] } as const;

/** The catalog entry when `@tskube/api-types` has it, else this local description (same wire facts). */
function served(info: Omit<ResourceInfo, 'listKind' | 'verbs'>): ResourceInfo {
  return findResource(info.group, info.version, info.resource) ?? { ...info, listKind: `${info.kind}List`, verbs: CRUD };
}

/**
 * Resources the newer controllers use. They resolve to the `RESOURCES` catalog entries once the
 * apiserver serves them; until then (unit tests, older catalogs) to identical local descriptions.
 */
export const KINDS = {
  replicationcontrollers: served({ group: '', version: 'v1', resource: 'replicationcontrollers', singular: 'replicationcontroller', kind: 'ReplicationController', namespaced: true, shortNames: ['rc'], subresources: [STATUS] }),
  daemonsets: served({ group: 'apps', version: 'v1', resource: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], subresources: [STATUS] }),
  controllerrevisions: served({ group: 'apps', version: 'v1', resource: 'controllerrevisions', singular: 'controllerrevision', kind: 'ControllerRevision', namespaced: true }),
  jobs: served({ group: 'batch', version: 'v1', resource: 'jobs', singular: 'job', kind: 'Job', namespaced: true, subresources: [STATUS] }),
  serviceaccounts: served({ group: '', version: 'v1', resource: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] }),
} as const satisfies Record<string, ResourceInfo>;
