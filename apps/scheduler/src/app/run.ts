import { setMaxListeners } from 'node:events';
import { RESOURCES } from '@tskube/api-types';
import type { Namespace, Node, Pod, ReplicaSet, ReplicationController, Service } from '@tskube/api-types';
import { loadClientConfig, RestClient } from '@tskube/client';
import { InformerFactory } from '@tskube/client-cache';
import { createLogger, createMetricsRegistry, serveHealth } from '@tskube/component-base';
import type { Logger } from '@tskube/component-base';
import { restLeaseClient, runWithLeaderElection } from '@tskube/leader-election';
import type { SchedulerConfig } from './config';
import { ClientEventRecorder, EventBroadcaster } from '@tskube/controller-utils';
import { informerListers } from './cluster-listers';
import { schedulerMetrics } from './metrics';
import { Scheduler } from './scheduler';

/** Event writes on the wire at once (a small share of the apiserver next to the bindings). */
export const EVENT_WRITES_IN_FLIGHT = 4;

/**
 * Runs kube-scheduler until `signal` aborts: health/metrics server, pod, node, Service,
 * ReplicationController, ReplicaSet and Namespace informers (the last four for default spreading
 * and affinity namespace selectors),
 * then — once both caches have synced (readyz reports that) and, with `--leader-elect`, once
 * this replica holds the `kube-system/kube-scheduler` Lease — the scheduling loop. A standby
 * keeps its caches warm so it can take over within one retry period of the lease expiring.
 * Losing the lease stops the loop and rejects (`leaderelection lost`): main exits 1, as upstream.
 * Events go through one bounded, correlating EventBroadcaster (@tskube/controller-utils) with
 * {@link EVENT_WRITES_IN_FLIGHT} writes at once, so they never hold up bindings.
 */
export async function run(cfg: SchedulerConfig, signal: AbortSignal, logger: Logger = createLogger('kube-scheduler')): Promise<void> {
  setMaxListeners(0, signal); // every informer, queue and worker listens for abort
  const client = new RestClient({ ...loadClientConfig({ kubeconfig: cfg.kubeconfig || undefined, master: cfg.master || undefined }), userAgent: 'kube-scheduler/tskube' });
  const registry = createMetricsRegistry('kube-scheduler');
  const factory = new InformerFactory(client, { logger });
  const pods = factory.informerFor<Pod>(RESOURCES.pods);
  const nodes = factory.informerFor<Node>(RESOURCES.nodes);
  const listers = informerListers({
    services: factory.informerFor<Service>(RESOURCES.services),
    rcs: factory.informerFor<ReplicationController>(RESOURCES.replicationcontrollers),
    rss: factory.informerFor<ReplicaSet>(RESOURCES.replicasets),
    namespaces: factory.informerFor<Namespace>(RESOURCES.namespaces),
  });
  const broadcaster = new EventBroadcaster({ client, logger, inFlight: EVENT_WRITES_IN_FLIGHT });
  const scheduler = new Scheduler({
    podInformer: pods,
    nodeInformer: nodes,
    client,
    recorder: new ClientEventRecorder({ client, component: cfg.schedulerName, logger, broadcaster }),
    logger,
    schedulerName: cfg.schedulerName,
    metrics: schedulerMetrics(registry),
    listers,
  });
  const server = await serveHealth({
    port: cfg.securePort,
    host: cfg.bindAddress,
    logger,
    registry,
    readyz: [{ name: 'informer-sync', check: () => { if (!pods.hasSynced() || !nodes.hasSynced()) throw new Error('caches not synced'); } }],
  });
  factory.start(signal);
  if (await factory.waitForCacheSync(signal)) {
    logger.info('caches synced; scheduling', { schedulerName: cfg.schedulerName });
    try {
      await runWithLeaderElection({ config: cfg.leaderElection, client: restLeaseClient(client), logger, signal, loops: (leading) => scheduler.run(leading) });
    } finally {
      broadcaster.shutDown(); // pending event writes and retries are abandoned, as upstream's Shutdown
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    return;
  }
  broadcaster.shutDown();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
