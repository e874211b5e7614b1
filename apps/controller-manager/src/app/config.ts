import type { LeaderElectionConfig } from '@tskube/leader-election';

/** Effective configuration of kube-controller-manager, built from flags by main.ts. */
export interface ControllerManagerConfig {
  master: string;
  kubeconfig: string;
  securePort: number;
  bindAddress: string;
  /** `*` = all default controllers; `-name` disables one; names as upstream (`deployment`, `replicaset`, `endpoint`, `garbagecollector`, `namespace`); see {@link validateControllers}. */
  controllers: string[];
  concurrentDeploymentSyncs: number;
  concurrentReplicaSetSyncs: number;
  concurrentRCSyncs: number;
  /** Upstream --concurrent-job-syncs (5), --concurrent-daemonset-syncs (2), --concurrent-serviceaccount-syncs (tskube, 1). */
  concurrentJobSyncs?: number;
  concurrentDaemonSetSyncs?: number;
  concurrentServiceAccountSyncs?: number;
  concurrentEndpointSyncs: number;
  /** Upstream `--concurrent-service-endpoint-syncs` (5): EndpointSlice controller workers. */
  concurrentServiceEndpointSyncs?: number;
  concurrentGCSyncs: number;
  /** Upstream `--concurrent-namespace-syncs` (10) and `--namespace-sync-period` (5m, in ms). */
  concurrentNamespaceSyncs?: number;
  namespaceSyncPeriodMs?: number;
  /** Upstream `--concurrent-cron-job-syncs` (5), `--concurrent-ttl-after-finished-syncs` (5). */
  concurrentCronJobSyncs?: number;
  concurrentTTLSyncs?: number;
  /** Upstream `--terminated-pod-gc-threshold` (12500; <= 0 disables the terminated-pod part of PodGC). */
  terminatedPodGCThreshold?: number;
  /** Informer resync period in ms (upstream `--min-resync-period` 12h; shorter here). */
  resyncMs: number;
  /** `--node-monitor-period` (5 s), `--node-monitor-grace-period` (40 s), `--node-startup-grace-period` (60 s), in ms. */
  nodeMonitorPeriodMs: number;
  nodeMonitorGracePeriodMs: number;
  nodeStartupGracePeriodMs: number;
  /** `--leader-elect*` flags; lease `kube-system/kube-controller-manager` by default. */
  leaderElection: LeaderElectionConfig;
}

export const ALL_CONTROLLERS = ['deployment', 'replicaset', 'replicationcontroller', 'serviceaccount', 'job', 'cronjob', 'ttl-after-finished', 'podgc', 'daemonset', 'endpoint', 'endpointslice', 'garbagecollector', 'nodelifecycle', 'namespace'] as const;

/** Upstream's newer canonical names (`names.go`), accepted as aliases of the short ones above. */
const ALIASES: Readonly<Record<string, string>> = {
  'deployment-controller': 'deployment',
  'replicaset-controller': 'replicaset',
  'replicationcontroller-controller': 'replicationcontroller',
  'serviceaccount-controller': 'serviceaccount',
  'job-controller': 'job',
  'cronjob-controller': 'cronjob',
  'ttl-after-finished-controller': 'ttl-after-finished',
  'pod-garbage-collector-controller': 'podgc',
  'daemonset-controller': 'daemonset',
  'endpoints-controller': 'endpoint',
  'endpointslice-controller': 'endpointslice',
  'garbage-collector-controller': 'garbagecollector',
  'node-lifecycle-controller': 'nodelifecycle',
  'namespace-controller': 'namespace',
};

/**
 * Upstream `ValidateControllersOptions` + alias canonicalisation: `*`, `name` and `-name` entries
 * with names (or aliases) of known controllers; returns the list with aliases replaced, or throws
 * `"<name>" is not in the list of known controllers` for the first unknown one.
 */
export function validateControllers(flags: readonly string[]): string[] {
  return flags.map((flag) => {
    if (flag === '*') return flag;
    const negated = flag.startsWith('-');
    const bare = negated ? flag.slice(1) : flag;
    const name = ALIASES[bare] ?? bare;
    if (!(ALL_CONTROLLERS as readonly string[]).includes(name)) throw new Error(`"${bare}" is not in the list of known controllers`);
    return negated ? `-${name}` : name;
  });
}

/**
 * Upstream `IsControllerEnabled`: the first entry naming the controller decides (`name` on,
 * `-name` off); otherwise `*` turns on every default controller (all of tskube's are on by default).
 */
export function controllerEnabled(name: string, flags: readonly string[]): boolean {
  let star = false;
  for (const f of flags) {
    if (f === name) return true;
    if (f === `-${name}`) return false;
    if (f === '*') star = true;
  }
  return star;
}
