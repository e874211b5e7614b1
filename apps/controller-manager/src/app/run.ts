import { setMaxListeners } from 'node:events';
import { RESOURCES } from '@tskube/api-types';
import type { Deployment, Endpoints, EndpointSlice, Lease, Namespace, Node, Pod, ReplicaSet, ReplicationController, Service } from '@tskube/api-types';
import { loadClientConfig, RestClient } from '@tskube/client';
import { InformerFactory } from '@tskube/client-cache';
import { createLogger, createMetricsRegistry, serveHealth } from '@tskube/component-base';
import type { Logger } from '@tskube/component-base';
import { restLeaseClient, runWithLeaderElection } from '@tskube/leader-election';
import { controllerEnabled } from './config';
import type { ControllerManagerConfig } from './config';
import { ClientEventRecorder, EventBroadcaster } from '@tskube/controller-utils';
import { DeploymentController } from './controllers/deployment/deployment-controller';
import { EndpointsController } from './controllers/endpoints/endpoints-controller';
import { EndpointSliceController } from './controllers/endpointslice/endpointslice-controller';
import { NODE_LEASE_NAMESPACE, NodeLifecycleController } from './controllers/nodelifecycle/nodelifecycle-controller';
import { restContentClient } from './controllers/namespace/content';
import { NamespaceController } from './controllers/namespace/namespace-controller';
import { GarbageCollector } from './controllers/garbagecollector/garbagecollector-controller';
import { ReplicaSetController } from './controllers/replicaset/replicaset-controller';
import { rcInformerAsRS, REPLICATIONCONTROLLER_KIND } from './controllers/replicaset/replicated-kind';
import { KINDS } from './kinds';
import { startWorkloadControllers } from './workload-controllers';
import { controllerMetrics } from './metrics';

/**
 * Runs kube-controller-manager until `signal` aborts: health/metrics server first, then one
 * shared informer per resource, then every enabled controller (each waits for its caches).
 * A controller's failures are logged and retried inside it; they never stop the process.
 * With `--leader-elect` (default) the controllers' workers run only while this replica holds
 * the `kube-system/kube-controller-manager` Lease (informers stay warm on a standby); losing
 * the lease stops them and rejects with `leaderelection lost`, so main exits 1 as upstream.
 */
export async function run(cfg: ControllerManagerConfig, signal: AbortSignal, logger: Logger = createLogger('kube-controller-manager')): Promise<void> {
  setMaxListeners(0, signal); // every informer, queue and worker listens for abort
  const client = new RestClient({ ...loadClientConfig({ kubeconfig: cfg.kubeconfig || undefined, master: cfg.master || undefined }), userAgent: 'kube-controller-manager/tskube' });
  const registry = createMetricsRegistry('kube-controller-manager');
  const onSync = controllerMetrics(registry);
  const factory = new InformerFactory(client, { resyncMs: cfg.resyncMs, logger });
  const pods = factory.informerFor<Pod>(RESOURCES.pods);
  const rss = factory.informerFor<ReplicaSet>(RESOURCES.replicasets);
  const deployments = factory.informerFor<Deployment>(RESOURCES.deployments);
  const services = factory.informerFor<Service>(RESOURCES.services);
  const endpoints = factory.informerFor<Endpoints>(RESOURCES.endpoints);
  const slices = factory.informerFor<EndpointSlice>(RESOURCES.endpointslices);
  const rcs = factory.informerFor<ReplicationController>(KINDS.replicationcontrollers);
  const nodes = factory.informerFor<Node>(RESOURCES.nodes);
  const nodeLeases = factory.informerFor<Lease>(RESOURCES.leases, { namespace: NODE_LEASE_NAMESPACE });
  const namespaces = factory.informerFor<Namespace>(RESOURCES.namespaces);
  // one bounded, correlating event pipeline for every controller, as upstream's EventBroadcaster
  const broadcaster = new EventBroadcaster({ client, logger });
  const recorder = (component: string): ClientEventRecorder => new ClientEventRecorder({ client, component, logger, broadcaster });

  const runs: Array<(leading: AbortSignal) => Promise<void>> = [];
  const start = (name: string, workers: number, make: () => { run(workers: number, signal: AbortSignal): Promise<void> }): void => {
    if (!controllerEnabled(name, cfg.controllers)) {
      logger.info(`controller ${name} is disabled`);
      return;
    }
    const controller = make();
    runs.push((leading) =>
      controller.run(workers, leading).catch((err: unknown) => {
        logger.error(`controller ${name} stopped`, { err: String(err) });
      }),
    );
  };
  start('deployment', cfg.concurrentDeploymentSyncs, () => new DeploymentController({ deploymentInformer: deployments, rsInformer: rss, podInformer: pods, client, recorder: recorder('deployment-controller'), logger, onSync }));
  start('replicaset', cfg.concurrentReplicaSetSyncs, () => new ReplicaSetController({ rsInformer: rss, podInformer: pods, client, recorder: recorder('replicaset-controller'), logger, onSync }));
  start('replicationcontroller', cfg.concurrentRCSyncs, () => new ReplicaSetController({ rsInformer: rcInformerAsRS(rcs), podInformer: pods, client, recorder: recorder('replication-controller'), logger, onSync, kind: REPLICATIONCONTROLLER_KIND }));
  start('endpoint', cfg.concurrentEndpointSyncs, () => new EndpointsController({ serviceInformer: services, podInformer: pods, endpointsInformer: endpoints, client, logger, onSync }));
  start('endpointslice', cfg.concurrentServiceEndpointSyncs ?? 5, () => new EndpointSliceController({ serviceInformer: services, podInformer: pods, sliceInformer: slices, client, logger, onSync }));
  const workloads = startWorkloadControllers({ factory, client, pods, nodes, recorder, logger, onSync, cfg, start });
  start('garbagecollector', cfg.concurrentGCSyncs, () => new GarbageCollector({ dependents: { pods, replicasets: rss, jobs: workloads.jobs, controllerrevisions: workloads.revisions }, owners: { replicasets: rss, deployments, replicationcontrollers: rcs, jobs: workloads.jobs, daemonsets: workloads.daemonsets, cronjobs: workloads.cronjobs, namespaces }, client, logger, recorder: recorder('garbage-collector-controller'), onSync }));
  start('namespace', cfg.concurrentNamespaceSyncs ?? 10, () => new NamespaceController({ namespaceInformer: namespaces, client, content: restContentClient(client), logger, syncPeriodMs: cfg.namespaceSyncPeriodMs ?? 300_000, onSync }));
  start('nodelifecycle', 1, () => new NodeLifecycleController({ nodeInformer: nodes, podInformer: pods, leaseInformer: nodeLeases, client, recorder: recorder('node-controller'), logger, nodeMonitorPeriodMs: cfg.nodeMonitorPeriodMs, nodeMonitorGracePeriodMs: cfg.nodeMonitorGracePeriodMs, nodeStartupGracePeriodMs: cfg.nodeStartupGracePeriodMs }));

  const server = await serveHealth({
    port: cfg.securePort,
    host: cfg.bindAddress,
    logger,
    registry,
    readyz: [{ name: 'informer-sync', check: () => { if (![pods, rss, deployments, services, endpoints].every((i) => i.hasSynced())) throw new Error('caches not synced'); } }],
  });
  factory.start(signal);
  try {
    const loops = async (leading: AbortSignal): Promise<void> => void (await Promise.all(runs.map((r) => r(leading))));
    await runWithLeaderElection({ config: cfg.leaderElection, client: restLeaseClient(client), logger, signal, loops });
  } finally {
    broadcaster.shutDown(); // pending event writes and retries are abandoned, as upstream's Shutdown
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
