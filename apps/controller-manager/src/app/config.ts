import type { LeaderElectionConfig } from '@tskube/leader-election';

/** Effective configuration of kube-controller-manager, built from flags by main.ts. */
export interface ControllerManagerConfig {
  master: string;
  kubeconfig: string;
  securePort: number;
  bindAddress: string;
  /** `*` = all default controllers; `-name` disables one; names as upstream (`deployment`, `replicaset`, `endpoint`, `garbagecollector`). */
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

export const ALL_CONTROLLERS = ['deployment', 'replicaset', 'replicationcontroller', 'serviceaccount', 'job', 'cronjob', 'ttl-after-finished', 'podgc', 'daemonset', 'endpoint', 'endpointslice', 'garbagecollector', 'nodelifecycle'] as const;

/** Upstream `IsControllerEnabled`: explicit name wins, then `-name`, then `*`. */
export function controllerEnabled(name: string, flags: readonly string[]): boolean {
  if (flags.includes(name)) return true;
  if (flags.includes(`-${name}`)) return false;
  return flags.includes('*');
}
