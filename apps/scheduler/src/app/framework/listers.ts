import type { Pod, ReplicaSet, ReplicationController, Service } from '@tskube/api-types';
import type { Labels } from './label-match';

/**
 * The cluster objects plugins may read besides nodes and pods (upstream `SharedLister` +
 * informer listers handed to plugins through the framework handle). Implementations read
 * informer caches synchronously; tests use {@link staticListers}.
 */
export interface ClusterListers {
  /** Services in `namespace` (for the default spreading selector). */
  servicesIn(namespace: string): readonly Service[];
  replicationController(namespace: string, name: string): ReplicationController | undefined;
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  /** Labels of a namespace (for affinity `namespaceSelector`), undefined when unknown. */
  namespaceLabels(namespace: string): Labels | undefined;
  /** Every namespace name with its labels (to resolve a `namespaceSelector` into names). */
  namespaces(): ReadonlyArray<{ name: string; labels: Labels }>;
}

/** What a plugin factory receives besides its args (upstream `framework.Handle`). */
export interface FrameworkHandle {
  readonly listers: ClusterListers;
}

/** Listers over fixed arrays (tests, benchmarks, and a scheduler run without those informers). */
export function staticListers(o: { services?: Service[]; rcs?: ReplicationController[]; rss?: ReplicaSet[]; namespaces?: Array<{ name: string; labels?: Labels }> } = {}): ClusterListers {
  const inNs = <T extends { metadata?: { namespace?: string; name?: string } }>(xs: T[] | undefined, ns: string, name?: string): T[] =>
    (xs ?? []).filter((x) => (x.metadata?.namespace ?? '') === ns && (name === undefined || x.metadata?.name === name));
  const nss = (o.namespaces ?? []).map((n) => ({ name: n.name, labels: n.labels ?? {} }));
  return {
    servicesIn: (ns) => inNs(o.services, ns),
    replicationController: (ns, name) => inNs(o.rcs, ns, name)[0],
    replicaSet: (ns, name) => inNs(o.rss, ns, name)[0],
    namespaceLabels: (ns) => nss.find((n) => n.name === ns)?.labels,
    namespaces: () => nss,
  };
}

/** The pod's namespace ('' when unset). */
export const podNamespace = (pod: Readonly<Pod>): string => pod.metadata?.namespace ?? '';
