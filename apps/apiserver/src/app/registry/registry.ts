import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import type { Storage } from '../storage/types';
import { namespaceFinalizeStrategy, namespaceStatusStrategy, namespaceStrategy } from './cluster/namespace-strategy';
import { endpointsStrategy, eventStrategy, leaseStrategy, nodeStatusStrategy, nodeStrategy } from './cluster/simple-strategies';
import { podBindingStrategy, podStatusStrategy, podStrategy } from './pods/pod-strategy';
import { parseCidr } from './services/cidr';
import { ClusterIPAllocator } from './services/cluster-ip-allocator';
import { NodePortAllocator } from './services/node-port-allocator';
import { parsePortRange } from './services/port-range';
import { serviceStatusStrategy, serviceStrategy } from './services/service-strategy';
import { Store } from './store';
import { cronJobStatusStrategy, cronJobStrategy } from './batch/cronjob-strategy';
import { jobStatusStrategy, jobStrategy } from './batch/job-strategy';
import { configMapStrategy } from './config/configmap-strategy';
import { secretStrategy } from './config/secret-strategy';
import { serviceAccountStrategy } from './config/serviceaccount-strategy';
import { endpointSliceStrategy } from './discovery/endpointslice-strategy';
import { daemonSetStatusStrategy, daemonSetStrategy } from './workloads/daemonset-strategy';
import { controllerRevisionStrategy } from './workloads/controllerrevision-strategy';
import { replicationControllerStatusStrategy, replicationControllerStrategy } from './workloads/replication-controller-strategy';
import type { Strategy } from './strategy';
import { DEFAULT_ISSUER, generateServiceAccountKeys, TokenIssuer } from './serviceaccount-token';
import type { ServiceAccountKeys } from './serviceaccount-token';
import { deploymentStatusStrategy, deploymentStrategy, replicaSetStatusStrategy, replicaSetStrategy } from './workloads/workload-strategies';

export interface RegistryOptions {
  /** `--service-cluster-ip-range`, e.g. 10.0.0.0/24. */
  serviceClusterIPRange: string;
  /** `--service-node-port-range` (default 30000-32767). */
  serviceNodePortRange?: string | undefined;
  /**
   * Service account token issuing (`serviceaccounts/<name>/token`): issuer (default
   * DEFAULT_ISSUER), audiences (default [issuer]) and keys (default: an RSA key generated in
   * memory on first use).
   */
  serviceAccountTokens?: { issuer?: string; apiAudiences?: readonly string[]; keys?: ServiceAccountKeys; jwksUri?: string; maxExpirationSeconds?: number } | undefined;
}

/** Namespaces the apiserver guarantees exist (created at start if missing). */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Erases a kind-specific strategy to the generic one the Store drives. */
function s<T extends KubeObject>(st: Strategy<T>): Strategy {
  return st;
}

/** All stores the apiserver serves, keyed by `group/resource` (core: `/pods`). */
export class Registry {
  private readonly stores = new Map<string, Store>();
  readonly ipAllocator: ClusterIPAllocator;
  readonly nodePortAllocator: NodePortAllocator;
  /** Issues service account tokens (the `serviceaccounts/token` subresource, /openid/v1/jwks). */
  readonly tokens: TokenIssuer;

  constructor(
    readonly storage: Storage,
    opts: RegistryOptions,
  ) {
    this.ipAllocator = new ClusterIPAllocator(storage, parseCidr(opts.serviceClusterIPRange));
    this.nodePortAllocator = new NodePortAllocator(storage, parsePortRange(opts.serviceNodePortRange ?? '30000-32767'));
    const sat = opts.serviceAccountTokens ?? {};
    const issuer = sat.issuer ?? DEFAULT_ISSUER;
    let keys = sat.keys;
    this.tokens = new TokenIssuer((info, ns, name) => this.mustStore(info).get({ namespace: ns }, name), {
      issuer,
      apiAudiences: sat.apiAudiences?.length ? sat.apiAudiences : [issuer],
      keys: () => (keys ??= generateServiceAccountKeys()),
      jwksUri: sat.jwksUri,
      maxExpirationSeconds: sat.maxExpirationSeconds,
    });
    const add = (info: ResourceInfo, main: Strategy, subs: Record<string, Strategy> = {}): void => {
      this.stores.set(`${info.group}/${info.resource}`, new Store(info, storage, main, subs));
    };
    add(RESOURCES.pods, s(podStrategy), { status: s(podStatusStrategy), binding: s(podBindingStrategy) });
    add(RESOURCES.nodes, s(nodeStrategy), { status: s(nodeStatusStrategy) });
    add(RESOURCES.services, s(serviceStrategy(this.ipAllocator, this.nodePortAllocator)), { status: s(serviceStatusStrategy(this.ipAllocator, this.nodePortAllocator)) });
    add(RESOURCES.endpoints, s(endpointsStrategy));
    add(RESOURCES.namespaces, s(namespaceStrategy), { status: s(namespaceStatusStrategy), finalize: s(namespaceFinalizeStrategy) });
    add(RESOURCES.events, s(eventStrategy));
    add(RESOURCES.replicasets, s(replicaSetStrategy), { status: s(replicaSetStatusStrategy) });
    add(RESOURCES.deployments, s(deploymentStrategy), { status: s(deploymentStatusStrategy) });
    add(RESOURCES.leases, s(leaseStrategy));
    add(RESOURCES.configmaps, s(configMapStrategy));
    add(RESOURCES.secrets, s(secretStrategy));
    add(RESOURCES.serviceaccounts, s(serviceAccountStrategy));
    add(RESOURCES.replicationcontrollers, s(replicationControllerStrategy), { status: s(replicationControllerStatusStrategy) });
    add(RESOURCES.daemonsets, s(daemonSetStrategy), { status: s(daemonSetStatusStrategy) });
    add(RESOURCES.controllerrevisions, s(controllerRevisionStrategy));
    add(RESOURCES.jobs, s(jobStrategy), { status: s(jobStatusStrategy) });
    add(RESOURCES.cronjobs, s(cronJobStrategy), { status: s(cronJobStatusStrategy) });
    add(RESOURCES.endpointslices, s(endpointSliceStrategy));
  }

  /** The store for a catalog entry, or undefined if not served. */
  store(info: Pick<ResourceInfo, 'group' | 'resource'>): Store | undefined {
    return this.stores.get(`${info.group}/${info.resource}`);
  }

  /** Like store() but for resources known to be served. */
  mustStore(info: Pick<ResourceInfo, 'group' | 'resource'>): Store {
    const st = this.store(info);
    if (!st) throw new Error(`no store for ${info.group}/${info.resource}`);
    return st;
  }

  all(): Store[] {
    return [...this.stores.values()];
  }

  /** Creates the system namespaces that are missing (idempotent; safe with several apiservers). */
  async bootstrap(): Promise<void> {
    const ns = this.mustStore(RESOURCES.namespaces);
    for (const name of SYSTEM_NAMESPACES) {
      try {
        await ns.create({}, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      } catch (err) {
        if (!(err instanceof Error && err.name === 'AlreadyExistsError')) throw err;
      }
    }
  }
}
