/**
 * The catalog of resources tskube serves: one entry per (group, version, resource), with the
 * facts discovery advertises and clients need to build paths. The apiserver serves exactly
 * these (and advertises nothing else); clients look paths up here.
 */
export interface ResourceInfo {
  /** API group; `''` for the core (legacy) group served under /api. */
  group: string;
  version: string;
  /** Plural lower-case name used in paths (`pods`, `deployments`). */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  verbs: readonly string[];
  shortNames?: readonly string[];
  /** `all` puts the resource into `kubectl get all`. */
  categories?: readonly string[];
  /** Subresources served, e.g. `status`, `binding`, `scale`. */
  subresources?: readonly SubresourceInfo[];
}

export interface SubresourceInfo {
  name: string;
  /** Kind returned; defaults to the parent kind. */
  kind?: string;
  group?: string;
  version?: string;
  verbs: readonly string[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const STATUS: SubresourceInfo = { name: 'status', verbs: ['get', 'patch', 'update'] };
/** `<workload>/scale`: autoscaling/v1 Scale. */
const SCALE: SubresourceInfo = { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
/** `pods/eviction`: policy/v1 Eviction (POST only). */
const EVICTION: SubresourceInfo = { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
/** `serviceaccounts/token`: authentication.k8s.io/v1 TokenRequest (POST only; `kubectl create token`). */
const TOKEN: SubresourceInfo = { name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] };

function r(info: Omit<ResourceInfo, 'listKind' | 'verbs'> & { verbs?: readonly string[] }): ResourceInfo {
  return { ...info, listKind: `${info.kind}List`, verbs: info.verbs ?? CRUD };
}

/** Pod streaming subresources (upstream kinds: PodLogOptions, PodExecOptions, PodAttachOptions, PodPortForwardOptions). */
const POD_STREAMS: readonly SubresourceInfo[] = [
  { name: 'log', kind: 'Pod', verbs: ['get'] },
  { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
  { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
];

export const RESOURCES = {
  pods: r({ group: '', version: 'v1', resource: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], subresources: [STATUS, { name: 'binding', kind: 'Binding', verbs: ['create'] }, EVICTION, ...POD_STREAMS] }),
  nodes: r({ group: '', version: 'v1', resource: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: [STATUS] }),
  services: r({ group: '', version: 'v1', resource: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], subresources: [STATUS], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  endpoints: r({ group: '', version: 'v1', resource: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'] }),
  namespaces: r({ group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: [STATUS, { name: 'finalize', verbs: ['update'] }], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  events: r({ group: '', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'] }),
  replicasets: r({ group: 'apps', version: 'v1', resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: [STATUS, SCALE] }),
  deployments: r({ group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: [STATUS, SCALE] }),
  leases: r({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', singular: 'lease', kind: 'Lease', namespaced: true }),
  configmaps: r({ group: '', version: 'v1', resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] }),
  secrets: r({ group: '', version: 'v1', resource: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true }),
  serviceaccounts: r({ group: '', version: 'v1', resource: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], subresources: [TOKEN] }),
  replicationcontrollers: r({ group: '', version: 'v1', resource: 'replicationcontrollers', singular: 'replicationcontroller', kind: 'ReplicationController', namespaced: true, shortNames: ['rc'], categories: ['all'], subresources: [STATUS, SCALE] }),
  daemonsets: r({ group: 'apps', version: 'v1', resource: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], categories: ['all'], subresources: [STATUS] }),
  controllerrevisions: r({ group: 'apps', version: 'v1', resource: 'controllerrevisions', singular: 'controllerrevision', kind: 'ControllerRevision', namespaced: true }),
  jobs: r({ group: 'batch', version: 'v1', resource: 'jobs', singular: 'job', kind: 'Job', namespaced: true, categories: ['all'], subresources: [STATUS] }),
  cronjobs: r({ group: 'batch', version: 'v1', resource: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, shortNames: ['cj'], categories: ['all'], subresources: [STATUS] }),
  endpointslices: r({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true }),
  selfsubjectaccessreviews: r({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] }),
  selfsubjectrulesreviews: r({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'] }),
} as const satisfies Record<string, ResourceInfo>;

export type ResourceName = keyof typeof RESOURCES;

/** `apiVersion` string of a resource: `v1` for core, `group/version` otherwise. */
export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/**
 * URL path of a collection or object, e.g. `/api/v1/namespaces/default/pods/web` or
 * `/apis/apps/v1/deployments`. `namespace` is ignored for cluster-scoped resources and
 * omitted for "all namespaces" lists.
 */
export function resourcePath(info: ResourceInfo, opts: { namespace?: string | undefined; name?: string | undefined; subresource?: string | undefined } = {}): string {
  let p = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && opts.namespace) p += `/namespaces/${encodeURIComponent(opts.namespace)}`;
  p += `/${info.resource}`;
  if (opts.name !== undefined) p += `/${encodeURIComponent(opts.name)}`;
  if (opts.subresource) p += `/${opts.subresource}`;
  return p;
}

/** Finds a catalog entry by group, version and plural resource name. */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return Object.values(RESOURCES).find((i: ResourceInfo) => i.group === group && i.version === version && i.resource === resource);
}

/** Finds a catalog entry by apiVersion and kind (for objects read from manifests). */
export function findResourceByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return Object.values(RESOURCES).find((i: ResourceInfo) => apiVersionOf(i) === apiVersion && i.kind === kind);
}
