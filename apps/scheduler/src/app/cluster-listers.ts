import { NAMESPACE_INDEX } from '@tskube/client-cache';
import type { SharedIndexInformer } from '@tskube/client-cache';
import type { Namespace, ReplicaSet, ReplicationController, Service } from '@tskube/api-types';
import type { ClusterListers } from './framework/listers';

/**
 * {@link ClusterListers} over informer caches (Services, ReplicationControllers, ReplicaSets,
 * Namespaces; StatefulSets are not served by tskube yet): synchronous reads of the cached objects, as upstream's listers. Before the
 * caches sync they simply return nothing (no default spreading, no namespace labels).
 */
export function informerListers(inf: { services: SharedIndexInformer<Service>; rcs: SharedIndexInformer<ReplicationController>; rss: SharedIndexInformer<ReplicaSet>; namespaces: SharedIndexInformer<Namespace> }): ClusterListers {
  return {
    servicesIn: (ns) => inf.services.getIndexer().byIndex(NAMESPACE_INDEX, ns),
    replicationController: (ns, name) => inf.rcs.getIndexer().get(`${ns}/${name}`),
    replicaSet: (ns, name) => inf.rss.getIndexer().get(`${ns}/${name}`),
    namespaceLabels: (ns) => {
      const n = inf.namespaces.getIndexer().get(ns);
      return n ? (n.metadata?.labels ?? {}) : undefined;
    },
    namespaces: () => inf.namespaces.getIndexer().list().map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })),
  };
}
