import { createLogger, FlagError, parseFlags, runMain } from '@tskube/component-base';
import { leaderElectionConfigFrom, leaderElectionFlags } from '@tskube/leader-election';
import { validateControllers } from './app/config';
import type { ControllerManagerConfig } from './app/config';
import { run } from './app/run';

const logger = createLogger('kube-controller-manager');
try {
  const f = parseFlags('kube-controller-manager', {
    master: { type: 'string', default: '', help: 'The address of the Kubernetes API server (overrides any value in kubeconfig)' },
    kubeconfig: { type: 'string', default: '', help: 'Path to kubeconfig file with authorization and master location information' },
    'secure-port': { type: 'number', default: 10257, help: 'The port on which to serve /healthz, /readyz and /metrics (plain HTTP in tskube for now)' },
    'bind-address': { type: 'string', default: '127.0.0.1', help: 'The IP address on which to listen for the --secure-port port' },
    controllers: { type: 'list', default: ['*'], help: "A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' enables the controller named 'foo', '-foo' disables it" },
    'concurrent-deployment-syncs': { type: 'number', default: 5, help: 'The number of deployment objects that are allowed to sync concurrently' },
    'concurrent-replicaset-syncs': { type: 'number', default: 5, help: 'The number of replica sets that are allowed to sync concurrently' },
    'concurrent-rc-syncs': { type: 'number', default: 5, help: 'The number of replication controllers that are allowed to sync concurrently' },
    'concurrent-job-syncs': { type: 'number', default: 5, help: 'The number of job objects that are allowed to sync concurrently' },
    'concurrent-daemonset-syncs': { type: 'number', default: 2, help: 'The number of daemonset objects that are allowed to sync concurrently' },
    'concurrent-serviceaccount-syncs': { type: 'number', default: 1, help: 'The number of namespaces whose default service account is checked concurrently (tskube)' },
    'concurrent-endpoint-syncs': { type: 'number', default: 5, help: 'The number of endpoint syncing operations that will be done concurrently' },
    'concurrent-service-endpoint-syncs': { type: 'number', default: 5, help: 'The number of service endpoint syncing operations that will be done concurrently' },
    'concurrent-namespace-syncs': { type: 'number', default: 10, help: 'The number of namespace objects that are allowed to sync concurrently. Larger number = more responsive namespace termination, but more CPU (and network) load' },
    'namespace-sync-period': { type: 'string', default: '5m0s', help: 'The period for syncing namespace life-cycle updates' },
    'concurrent-gc-syncs': { type: 'number', default: 20, help: 'The number of garbage collector workers that are allowed to sync concurrently' },
    'concurrent-cron-job-syncs': { type: 'number', default: 5, help: 'The number of cron job objects that are allowed to sync concurrently' },
    'concurrent-ttl-after-finished-syncs': { type: 'number', default: 5, help: 'The number of ttl-after-finished-controller workers that are allowed to sync concurrently' },
    'terminated-pod-gc-threshold': { type: 'number', default: 12500, help: 'Number of terminated pods that can exist before the terminated pod garbage collector starts deleting terminated pods. If <= 0, the terminated pod garbage collector is disabled' },
    'node-monitor-period': { type: 'string', default: '5s', help: 'The period for syncing NodeStatus in cloud-node-lifecycle-controller' },
    'node-monitor-grace-period': { type: 'string', default: '40s', help: 'Amount of time which we allow running Node to be unresponsive before marking it unhealthy' },
    'node-startup-grace-period': { type: 'string', default: '1m0s', help: 'Amount of time which we allow starting Node to be unresponsive before marking it unhealthy' },
    ...leaderElectionFlags('kube-controller-manager'),
    'min-resync-period': { type: 'string', default: '5m', help: 'The resync period in reflectors (Go duration: 30s, 5m, 12h)' },
  });
  const cfg: ControllerManagerConfig = {
    master: f.master,
    kubeconfig: f.kubeconfig,
    securePort: f['secure-port'],
    bindAddress: f['bind-address'],
    controllers: validateControllersFlag(f.controllers),
    concurrentDeploymentSyncs: f['concurrent-deployment-syncs'],
    concurrentReplicaSetSyncs: f['concurrent-replicaset-syncs'],
    concurrentRCSyncs: f['concurrent-rc-syncs'],
    concurrentJobSyncs: f['concurrent-job-syncs'],
    concurrentDaemonSetSyncs: f['concurrent-daemonset-syncs'],
    concurrentServiceAccountSyncs: f['concurrent-serviceaccount-syncs'],
    concurrentEndpointSyncs: f['concurrent-endpoint-syncs'],
    concurrentServiceEndpointSyncs: f['concurrent-service-endpoint-syncs'],
    concurrentGCSyncs: f['concurrent-gc-syncs'],
    concurrentNamespaceSyncs: f['concurrent-namespace-syncs'],
    namespaceSyncPeriodMs: parseDuration(f['namespace-sync-period']),
    concurrentCronJobSyncs: f['concurrent-cron-job-syncs'],
    concurrentTTLSyncs: f['concurrent-ttl-after-finished-syncs'],
    terminatedPodGCThreshold: f['terminated-pod-gc-threshold'],
    resyncMs: parseDuration(f['min-resync-period']),
    nodeMonitorPeriodMs: parseDuration(f['node-monitor-period']),
    nodeMonitorGracePeriodMs: parseDuration(f['node-monitor-grace-period']),
    nodeStartupGracePeriodMs: parseDuration(f['node-startup-grace-period']),
    leaderElection: leaderElectionConfigFrom(f),
  };
  logger.info('effective configuration', { ...cfg });
  runMain(logger, (signal) => run(cfg, signal, logger));
} catch (err) {
  logger.error(err instanceof FlagError ? err.message : String(err));
  process.exit(1);
}

/** Go-style duration (`1h30m`, `45s`, `500ms`) in milliseconds. */
function parseDuration(s: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let m: RegExpExecArray | null;
  let consumed = '';
  while ((m = re.exec(s))) {
    total += Number(m[1]) * (units[m[2]!] ?? 0);
    consumed += m[0];
  }
  if (!s || consumed !== s) throw new FlagError(`kube-controller-manager: invalid duration "${s}"`);
  return total;
}

/** `--controllers` checked as upstream: an unknown name fails startup. */
function validateControllersFlag(flags: string[]): string[] {
  try {
    return validateControllers(flags);
  } catch (err) {
    throw new FlagError(`kube-controller-manager: --controllers: ${err instanceof Error ? err.message : String(err)}`);
  }
}
