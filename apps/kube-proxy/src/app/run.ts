import type http from 'node:http';
import type { Endpoints, KubeObject, Service } from '@tskube/api-types';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { RESOURCES } from '@tskube/api-types';
import { isNotFound, loadClientConfig, RestClient } from '@tskube/client';
import { InformerFactory } from '@tskube/client-cache';
import type { Logger } from '@tskube/component-base';
import { createLogger, createMetricsRegistry, serveHealth } from '@tskube/component-base';
import type { ProxyConfig } from './config';
import { splitHostPort } from './config';
import { formatDuration } from './duration';
import type { Iptables } from './iptables/iptables';
import { ExecIptables } from './iptables/iptables';
import { ExecConntrack } from './conntrack';
import { createProxierMetrics } from './metrics';
import { cleanupLeftovers, Proxier } from './proxier';
import { proxierHealthRoutes } from './proxier-health';
import { ensureRouteLocalnet } from './sysctl';

/** Collaborators `run` builds itself unless given (tests inject them). */
export interface RunDeps {
  logger?: Logger;
  iptables?: Iptables;
}

/**
 * Runs kube-proxy until `signal` aborts: watches Services and Endpoints, keeps the iptables
 * rules in sync, serves /healthz on --healthz-bind-address and /metrics on
 * --metrics-bind-address. With `cleanup` it removes its rules and returns instead.
 */
export async function run(cfg: ProxyConfig, signal: AbortSignal, deps: RunDeps = {}): Promise<void> {
  const logger = deps.logger ?? createLogger('kube-proxy');
  const iptables = deps.iptables ?? new ExecIptables({ commandPrefix: cfg.iptablesCommandPrefix });
  if (cfg.cleanup) {
    await cleanupLeftovers(iptables, logger);
    return;
  }
  logger.info('starting kube-proxy (iptables mode)', {
    hostname: cfg.hostnameOverride || undefined,
    clusterCIDR: cfg.clusterCIDR || undefined,
    masqueradeAll: cfg.masqueradeAll,
    syncPeriod: formatDuration(cfg.syncPeriodMs),
    minSyncPeriod: formatDuration(cfg.minSyncPeriodMs),
  });
  if (!cfg.clusterCIDR && !cfg.masqueradeAll) logger.warn('--cluster-cidr not specified, unable to distinguish between internal and external traffic; no masquerade for off-cluster clients');
  await ensureRouteLocalnet(logger);

  const client = new RestClient(loadClientConfig({ kubeconfig: cfg.kubeconfig, master: cfg.master, userAgent: 'kube-proxy/tskube' }));
  const registry = createMetricsRegistry('kube-proxy');
  const proxier = new Proxier({
    iptables,
    rules: { clusterCIDR: cfg.clusterCIDR, masqueradeAll: cfg.masqueradeAll, nodePortAddresses: cfg.nodePortAddresses },
    conntrack: new ExecConntrack(logger, cfg.iptablesCommandPrefix),
    minSyncPeriodMs: cfg.minSyncPeriodMs,
    syncPeriodMs: cfg.syncPeriodMs,
    logger,
    metrics: createProxierMetrics(registry),
  });

  const servers: http.Server[] = [];
  const healthChecks = [{ name: 'proxier', check: () => proxier.checkHealthy() }];
  if (cfg.healthzBindAddress) {
    const { host, port } = splitHostPort(cfg.healthzBindAddress, 'healthz-bind-address');
    servers.push(await serveHealth({ host, port, logger, livez: healthChecks, registry, routes: proxierHealthRoutes(proxier) }));
  }
  if (cfg.metricsBindAddress) {
    const { host, port } = splitHostPort(cfg.metricsBindAddress, 'metrics-bind-address');
    servers.push(await serveHealth({ host, port, logger, livez: healthChecks, registry }));
  }

  const factory = new InformerFactory(client, { logger });
  factory.informerFor<Service>(RESOURCES.services).addEventHandler(proxier.serviceHandler);
  factory.informerFor<Endpoints>(RESOURCES.endpoints).addEventHandler(proxier.endpointsHandler);
  if (await servesEndpointSlices(client, logger)) factory.informerFor<EndpointSlice & KubeObject>(RESOURCES.endpointslices).addEventHandler(proxier.endpointSliceHandler);
  factory.start(signal);
  proxier.start(signal);
  if (await factory.waitForCacheSync(signal)) {
    proxier.setServicesSynced();
    proxier.setEndpointsSynced();
    logger.info('services and endpoints synced; programming iptables');
  }

  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await proxier.whenIdle();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
}

/**
 * True when the apiserver serves discovery.k8s.io/v1 EndpointSlices. When it does not (older
 * tskube apiservers), kube-proxy reads Endpoints only; a slice informer would never sync.
 */
export async function servesEndpointSlices(client: Pick<RestClient, 'list'>, logger: Logger, attempts = 10, delayMs = 1000): Promise<boolean> {
  for (let i = 1; ; i++) {
    try {
      await client.list(RESOURCES.endpointslices, { limit: 1 });
      return true;
    } catch (err) {
      if (isNotFound(err)) {
        logger.info('the apiserver does not serve discovery.k8s.io/v1 EndpointSlices; using Endpoints only');
        return false;
      }
      if (i >= attempts) {
        logger.warn('cannot tell whether EndpointSlices are served; using Endpoints only', { err: err instanceof Error ? err.message : String(err) });
        return false;
      }
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
